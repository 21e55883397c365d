using System.Text.Json;
using EventRecovery.Core.Payloads;

namespace EventRecovery.Core.Tests.Thrift;

/// <summary>One case of golden/golden.json: a payload and the bytes Apache Thrift wrote for it.</summary>
public sealed record GoldenCase(string Name, bool RoundTrip, CollectorPayload Payload, byte[] Bytes)
{
    public override string ToString() => Name; // readable xunit theory names
}

/// <summary>Loads the vectors produced by golden/generate.py (see its header for how to regenerate).</summary>
public static class GoldenVectors
{
    private static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(Load);

    public static IReadOnlyList<GoldenCase> All => Cases.Value;

    public static GoldenCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>Case names for <c>[MemberData]</c>; names rather than cases keep theory display short.</summary>
    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Where(c => c.RoundTrip == (kind == "roundtrip")))
            data.Add(c.Name);
        return data;
    }

    private static IReadOnlyList<GoldenCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Thrift", "golden", "golden.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc
            .RootElement.EnumerateArray()
            .Select(e => new GoldenCase(
                e.GetProperty("name").GetString()!,
                e.GetProperty("kind").GetString() == "roundtrip",
                ToPayload(e.GetProperty("payload")),
                Convert.FromBase64String(e.GetProperty("base64").GetString()!)
            ))
            .ToList();
    }

    // A missing key means "not set"; Schema must be nulled explicitly because the record defaults it.
    private static CollectorPayload ToPayload(JsonElement p)
    {
        string? S(string name) => p.TryGetProperty(name, out var v) ? v.GetString() : null;
        return new CollectorPayload
        {
            Schema = S("schema"),
            IpAddress = S("ipAddress"),
            Timestamp = p.TryGetProperty("timestamp", out var ts) ? ts.GetInt64() : 0,
            Encoding = S("encoding"),
            Collector = S("collector"),
            UserAgent = S("userAgent"),
            RefererUri = S("refererUri"),
            Path = S("path"),
            Querystring = S("querystring"),
            Body = S("body"),
            Headers = p.TryGetProperty("headers", out var h) ? h.EnumerateArray().Select(x => x.GetString()!).ToArray() : null,
            ContentType = S("contentType"),
            Hostname = S("hostname"),
            NetworkUserId = S("networkUserId"),
        };
    }
}
