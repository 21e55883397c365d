using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace EventRecovery.Job.Outputs.Kinesis;

/// <summary>
/// AWS Signature Version 4 for our JSON POST requests. We build the canonical request (it is fixed in shape: POST, no
/// query, six headers at most); key derivation, string to sign and HMAC are AWSSDK.Core's
/// <see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>. The headers
/// signed are those the SDK itself signs for such a request, so a test can compare with its full signing pipeline.
/// </summary>
internal static class SigV4
{
    /// <summary>
    /// Adds <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c>, <c>X-Amz-Security-Token</c> and <c>Authorization</c> to
    /// <paramref name="request"/>, a POST whose <c>Content-Type</c> and <c>X-Amz-Target</c> are set and whose content is
    /// exactly <paramref name="body"/>.
    /// </summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, ImmutableCredentials credentials, string region, string service, DateTime utcNow)
    {
        var uri = request.RequestUri!;
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        var date = utcNow.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var contentType = request.Content?.Headers.ContentType?.ToString() ?? "";
        var target = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? string.Join(",", targets) : "";

        request.Headers.Host = host;
        request.Headers.Add("X-Amz-Date", date);
        request.Headers.Add("X-Amz-Content-SHA256", payloadHash);
        if (credentials.UseToken) request.Headers.Add("X-Amz-Security-Token", credentials.Token);

        // Canonical headers: lower-case names in ordinal order, trimmed values.
        var headers = new List<(string Name, string Value)>
        {
            ("content-type", contentType),
            ("host", host),
            ("x-amz-content-sha256", payloadHash),
            ("x-amz-date", date),
        };
        if (credentials.UseToken) headers.Add(("x-amz-security-token", credentials.Token.Trim()));
        if (target.Length > 0) headers.Add(("x-amz-target", target));
        headers.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        var signedHeaders = string.Join(";", headers.Select(h => h.Name));
        var canonical = new StringBuilder(512)
            .Append("POST\n")
            .Append(CanonicalPath(uri)).Append('\n')
            .Append('\n'); // no query string
        foreach (var (name, value) in headers) canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        var result = AWS4Signer.ComputeSignature(credentials, region, utcNow.ToUniversalTime(), service, signedHeaders, canonical.ToString());
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>The URI path, each segment percent-encoded once (RFC 3986 unreserved characters kept).</summary>
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0 || path == "/") return "/";
        return string.Join("/", path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));
    }
}
