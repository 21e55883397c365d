using System.Globalization;
using System.Text.Json.Nodes;

namespace EventRecovery.Core.Payloads;

/// <summary>
/// The JSON form of a collector payload inside bad rows (adapter_failures, tracker_protocol_violations) and its
/// conversion to and from the Thrift <see cref="CollectorPayload"/>.
/// </summary>
public static class CollectorPayloadJson
{
    /// <summary>
    /// Rebuilds the Thrift payload from the bad row's JSON payload (after steps). <paramref name="originalPath"/>
    /// is the request path the payload came with, kept when vendor and version still lead to it, so that
    /// <c>/i</c> does not become <c>/i/</c>.
    /// </summary>
    public static CollectorPayload ToThrift(JsonNode? payload, string where = "payload", string? originalPath = null) =>
        ToThrift(PayloadReader.Of(payload, where), originalPath);

    /// <summary>The Thrift payload from any reader of the payload object (see <see cref="IPayloadFields{TSelf}"/>).</summary>
    internal static CollectorPayload ToThrift<TFields>(TFields p, string? originalPath = null)
        where TFields : struct, IPayloadFields<TFields>
    {
        var vendor = p.RequiredString("vendor");
        var version = p.RequiredString("version");
        var path = CollectorPath.Build(vendor, version);
        if (originalPath is not null && CollectorPath.Split(originalPath) == (vendor, version))
            path = originalPath;
        return new CollectorPayload
        {
            IpAddressText = p.OptionalText("ipAddress"),
            Timestamp = p.Timestamp("timestamp"),
            EncodingText = p.RequiredText("encoding"),
            CollectorText = p.RequiredText("collector"),
            Path = path,
            UserAgentText = p.OptionalText("useragent"),
            RefererUriText = p.OptionalText("refererUri"),
            QuerystringText = p.Querystring("querystring"),
            BodyText = p.OptionalText("body"),
            HeaderTexts = p.TextList("headers"),
            ContentTypeText = p.OptionalText("contentType"),
            HostnameText = p.OptionalText("hostname"),
            NetworkUserId = p.Uuid("networkUserId"),
        };
    }

    /// <summary>The JSON form of a Thrift payload, for steps to work on (collector_payload_format_violation).</summary>
    public static JsonObject FromThrift(CollectorPayload cp, IReadOnlyList<NameValue>? querystring = null)
    {
        var (vendor, version) = CollectorPath.Split(cp.Path);
        var parameters = new JsonArray();
        foreach (var nv in querystring ?? Querystring.Parse(cp.Querystring))
            parameters.Add((JsonNode)new JsonObject { ["name"] = nv.Name, ["value"] = nv.Value });
        var headers = new JsonArray();
        foreach (var h in cp.Headers ?? [])
            headers.Add((JsonNode?)JsonValue.Create(h));
        return new JsonObject
        {
            ["vendor"] = vendor,
            ["version"] = version,
            ["querystring"] = parameters,
            ["contentType"] = cp.ContentType,
            ["body"] = cp.Body,
            ["collector"] = cp.Collector ?? "",
            ["encoding"] = cp.Encoding ?? "",
            ["hostname"] = cp.Hostname,
            ["timestamp"] = cp.Timestamp == 0 ? null : FormatTimestamp(cp.Timestamp),
            ["ipAddress"] = cp.IpAddress,
            ["useragent"] = cp.UserAgent,
            ["refererUri"] = cp.RefererUri,
            ["headers"] = headers,
            ["networkUserId"] = NetworkUserIdOf(cp.NetworkUserId),
        };
    }

    /// <summary>The network user id as the JSON form holds it: canonical, or null when it is not a UUID.</summary>
    internal static string? NetworkUserIdOf(string? thrift) => Guid.TryParse(thrift, out var g) ? g.ToString("D") : null;

    private static string FormatTimestamp(long millis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
