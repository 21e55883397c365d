using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Explain;

/// <summary>
/// A <see cref="CollectorPayload"/> for people: every field by name, the querystring as name/value pairs with the
/// encoded JSON parameters (<c>ue_pr</c>, <c>co</c>, <c>ue_px</c>, <c>cx</c>) decoded, the body as JSON when it is
/// JSON (a tracker's POST body with its events' parameters decoded the same way), headers as a list.
/// </summary>
public sealed record DecodedPayload
{
    /// <summary>Field 31337.</summary>
    public string? Schema { get; init; }

    /// <summary>Field 100.</summary>
    public string? IpAddress { get; init; }

    /// <summary>Field 200, epoch milliseconds.</summary>
    public long Timestamp { get; init; }

    /// <summary><see cref="Timestamp"/> as an ISO 8601 UTC time.</summary>
    public string? Time { get; init; }

    /// <summary>Field 210.</summary>
    public string? Encoding { get; init; }

    /// <summary>Field 220.</summary>
    public string? Collector { get; init; }

    /// <summary>Field 300.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Field 310.</summary>
    public string? RefererUri { get; init; }

    /// <summary>Field 320.</summary>
    public string? Path { get; init; }

    /// <summary>Field 330, as sent.</summary>
    public string? Querystring { get; init; }

    /// <summary>Field 330 as URL-decoded name/value pairs.</summary>
    public IReadOnlyList<DecodedParameter> Parameters { get; init; } = [];

    /// <summary>Field 340, as sent.</summary>
    public string? Body { get; init; }

    /// <summary>Field 340 as JSON, its events' encoded parameters decoded; null when the body is absent or not JSON.</summary>
    public JsonNode? BodyJson { get; init; }

    /// <summary>Field 350.</summary>
    public IReadOnlyList<string>? Headers { get; init; }

    /// <summary>Field 360.</summary>
    public string? ContentType { get; init; }

    /// <summary>Field 400.</summary>
    public string? Hostname { get; init; }

    /// <summary>Field 410.</summary>
    public string? NetworkUserId { get; init; }

    /// <summary>The readable form of <paramref name="payload"/>.</summary>
    public static DecodedPayload Of(CollectorPayload payload) =>
        new()
        {
            Schema = payload.Schema,
            IpAddress = payload.IpAddress,
            Timestamp = payload.Timestamp,
            Time = TimeOf(payload.Timestamp),
            Encoding = payload.Encoding,
            Collector = payload.Collector,
            UserAgent = payload.UserAgent,
            RefererUri = payload.RefererUri,
            Path = payload.Path,
            Querystring = payload.Querystring,
            Parameters = payload.Querystring is null
                ? []
                : Payloads
                    .Querystring.Parse(payload.Querystring)
                    .ConvertAll(p => new DecodedParameter(p.Name, p.Value, Layer(p.Name, p.Value))),
            Body = payload.Body,
            BodyJson = BodyOf(payload.Body),
            Headers = payload.Headers,
            ContentType = payload.ContentType,
            Hostname = payload.Hostname,
            NetworkUserId = payload.NetworkUserId,
        };

    private static string? TimeOf(long milliseconds) =>
        milliseconds is >= -62135596800000 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : null;

    /// <summary>The JSON an encoded parameter holds (<c>ue_pr</c>/<c>co</c> as text, <c>ue_px</c>/<c>cx</c> as base64); null for others or
    /// when it does not decode.</summary>
    internal static JsonNode? Layer(string name, string? value)
    {
        if (value is null)
            return null;
        try
        {
            return name switch
            {
                "ue_pr" or "co" => Parse(value),
                "ue_px" or "cx" => Parse(Base64Text.DecodeText(value)),
                _ => null,
            };
        }
        catch (RowFailure)
        {
            return null; // not base64: shown as sent
        }
    }

    private static JsonNode? BodyOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || Parse(body) is not { } json)
            return null;
        // A tracker's POST body: {"schema": "…payload_data…", "data": [event, …]}, each event a parameter map.
        if (json is JsonObject { } post && post["data"] is JsonArray events)
            foreach (var e in events)
                if (e is JsonObject fields)
                    foreach (var name in fields.Select(f => f.Key).ToList())
                        if (
                            fields[name] is JsonValue v
                            && v.GetValueKind() == JsonValueKind.String
                            && Layer(name, v.GetValue<string>()) is { } decoded
                        )
                            fields[name] = decoded;
        return json;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One querystring parameter, URL-decoded.</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value, URL-decoded; null for a parameter without <c>=</c>.</param>
/// <param name="Json">The JSON an encoded parameter holds (<c>ue_pr</c>, <c>co</c>, <c>ue_px</c>, <c>cx</c>), decoded; null
/// otherwise.</param>
public sealed record DecodedParameter(string Name, string? Value, JsonNode? Json);
