using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Verification;

/// <summary>
/// The checks Enrich makes on a collector payload before it enriches the event: the adapter the path routes to, that
/// adapter's rules for querystring, body and content type, the event type and platform codes, and every self-describing
/// JSON (the POST body, <c>ue_pr</c>/<c>ue_px</c>, <c>co</c>/<c>cx</c>, webhook events) against its schema. Enrichments
/// themselves are not run. Pure and thread-safe: schemas come through <see cref="ISchemaValidator"/>.
/// </summary>
public sealed partial class EnrichmentVerifier(ISchemaValidator schemas)
{
    private const string Snowplow = "com.snowplowanalytics.snowplow";
    private const string IgluVendor = "com.snowplowanalytics.iglu";
    private const string SendgridVendor = "com.sendgrid";

    // Enrich's lists (Tp2Adapter, IgluAdapter, EventEnrichments.extractEventType, MiscEnrichments.extractPlatform).
    private static readonly string[] Tp2ContentTypes =
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=UTF-8",
    ];
    private static readonly string[] IgluJsonContentTypes = ["application/json", "application/json; charset=utf-8"];
    private const string FormContentType = "application/x-www-form-urlencoded";
    private static readonly HashSet<string> EventTypes = new(StringComparer.Ordinal) { "se", "ev", "ue", "ad", "tr", "ti", "pv", "pp" };
    private static readonly HashSet<string> Platforms = new(StringComparer.Ordinal)
    {
        "web",
        "iot",
        "app",
        "mob",
        "pc",
        "cnsl",
        "tv",
        "srv",
        "headset",
    };

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };
    private const int MaxKnownKeys = 10_000;

    // Schema URIs already read, and what they came to (null: not a full Iglu key).
    private readonly ConcurrentDictionary<string, SchemaKey?> _keys = new(StringComparer.Ordinal);

    // Enrich's reading of the path: /vendor/version, or the legacy pixel /i and /ice.png.
    [GeneratedRegex("^/?([^/]+)/([^/]+)/?$")]
    private static partial Regex ApiPath();

    /// <summary>The verdict on <paramref name="payload"/>.</summary>
    public PayloadVerdict Verify(CollectorPayload payload)
    {
        var findings = new Findings();
        var path = payload.Path ?? "";
        var api = ApiPath().Match(path);
        if (api.Success)
        {
            var (vendor, version) = (api.Groups[1].Value, api.Groups[2].Value);
            switch (vendor, version)
            {
                case (Snowplow, "tp2"):
                    Tp2(payload, findings);
                    break;
                case (Snowplow, "tp1"):
                    Tp1(payload, findings);
                    break;
                case (IgluVendor, "v1"):
                    IgluWebhook(payload, findings);
                    break;
                case (SendgridVendor, "v3"):
                    Sendgrid(payload, findings);
                    break;
                default:
                    return new PayloadVerdict(VerdictKind.NotChecked, $"the {vendor}/{version} adapter is not checked");
            }
        }
        else if (path.StartsWith("/ice.png", StringComparison.Ordinal) || path == "/i" || path.StartsWith("/i?", StringComparison.Ordinal))
            Tp1(payload, findings);
        else
            findings.Fail($"path {Quote(path)} does not match (/)vendor/version(/) nor is a legacy /i(ce.png) request");
        return findings.Verdict;
    }

    /// <summary>GET pixel: the querystring is the event.</summary>
    private void Tp1(CollectorPayload payload, Findings findings)
    {
        var fields = new EventFields();
        if (!fields.ReadQuerystring(payload.Querystring))
            findings.Fail("querystring: empty querystring: not a valid URI redirect");
        else
            Event(fields, findings);
    }

    /// <summary>Tracker protocol v2: querystring, or a <c>payload_data</c> body of events whose values are all strings.</summary>
    private void Tp2(CollectorPayload payload, Findings findings)
    {
        var query = new EventFields();
        var hasQuery = query.ReadQuerystring(payload.Querystring);
        var (body, contentType) = (payload.Body, payload.ContentType);
        if (body is null && !hasQuery)
        {
            findings.Fail("body: empty body and empty querystring: not a valid tracker protocol event");
            return;
        }
        if (contentType is not null && !Tp2ContentTypes.Contains(contentType, StringComparer.Ordinal))
        {
            findings.Fail($"contentType: {Quote(contentType)}: expected one of {string.Join(", ", Tp2ContentTypes)}");
            return;
        }
        if (body is not null && contentType is null)
        {
            findings.Fail($"contentType: none: expected one of {string.Join(", ", Tp2ContentTypes)}");
            return;
        }
        if (body is null && contentType is not null)
        {
            findings.Fail("body: empty body: not a valid tracker protocol event");
            return;
        }
        if (body is null)
        {
            Event(query, findings);
            return;
        }
        var fields = new EventFields();

        using var document = Parse(body, "body", findings);
        if (document is null)
            return;
        var key = SelfDescribing(document.RootElement, "body", findings, out var data);
        if (key is null)
            return;
        if (!(key is { Vendor: Snowplow, Name: "payload_data", Format: "jsonschema", Model: "1" }))
        {
            findings.Fail($"body: {key} is not iglu:{Snowplow}/payload_data/jsonschema/1-*-*");
            return;
        }
        if (!Validate(key, data, findings))
            return;
        if (data.ValueKind != JsonValueKind.Array)
        {
            findings.Fail("body: json is not an array");
            return;
        }
        if (data.GetArrayLength() == 0)
        {
            findings.Fail("body: empty list of events");
            return;
        }
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                findings.Fail($"body.data[{index}]: not an object");
                return;
            }
            fields.Clear();
            foreach (var field in item.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.String)
                    fields.Set(field);
                else
                {
                    findings.Fail(
                        $"body.data[{index}].{field.Name}: {(field.Value.ValueKind == JsonValueKind.Null ? "value cannot be null" : $"value is not a string: {field.Value.GetRawText()}")}"
                    );
                    return;
                }
            }
            fields.OverrideWith(query); // the querystring wins, as in Enrich
            Event(fields, findings, $"body.data[{index}].");
            if (findings.Failed)
                return;
            index++;
        }
    }

    /// <summary>The Iglu webhook: <c>schema=</c> in the querystring and the event in the body or the querystring, or a self-describing
    /// body.</summary>
    private void IgluWebhook(CollectorPayload payload, Findings findings)
    {
        var parameters = Parameters(payload.Querystring);
        var (body, contentType) = (payload.Body, payload.ContentType);
        if (parameters.TryGetValue("schema", out var schemaUri) && schemaUri is not null)
        {
            var key = FullKey(schemaUri);
            if (key is null)
            {
                findings.Fail($"schema: {Quote(schemaUri)} is not an Iglu schema key");
                return;
            }
            if (body is null)
            {
                parameters.Remove("schema");
                using var fromQuery = JsonDocument.Parse(
                    JsonSerializer.SerializeToUtf8Bytes(parameters, VerificationJson.Default.DictionaryStringString)
                );
                Validate(key, fromQuery.RootElement, findings);
                return;
            }
            if (
                contentType is null
                || !(IgluJsonContentTypes.Contains(contentType, StringComparer.Ordinal) || contentType == FormContentType)
            )
            {
                findings.Fail(
                    $"contentType: {Quote(contentType)}: expected one of {string.Join(", ", IgluJsonContentTypes)}, {FormContentType}"
                );
                return;
            }
            if (contentType == FormContentType)
            {
                var form = Parameters(body);
                using var fromForm = JsonDocument.Parse(
                    JsonSerializer.SerializeToUtf8Bytes(form, VerificationJson.Default.DictionaryStringString)
                );
                Validate(key, fromForm.RootElement, findings);
                return;
            }
            using var document = Parse(body, "body", findings);
            if (document is null)
                return;
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() == 0)
                {
                    findings.Fail("body: empty array of events");
                    return;
                }
                foreach (var item in root.EnumerateArray())
                    if (!Validate(key, item, findings))
                        return;
            }
            else if (root.ValueKind != JsonValueKind.Object || !root.EnumerateObject().Any())
                findings.Fail("body: has no key-value pairs");
            else
                Validate(key, root, findings);
            return;
        }
        if (body is null || contentType is null)
        {
            findings.Fail("schema: empty `schema` field, and no self-describing body");
            return;
        }
        if (!IgluJsonContentTypes.Contains(contentType, StringComparer.Ordinal))
        {
            findings.Fail($"contentType: {Quote(contentType)}: expected one of {string.Join(", ", IgluJsonContentTypes)}");
            return;
        }
        using var sdj = Parse(body, "body", findings);
        if (sdj is null)
            return;
        var bodyKey = SelfDescribing(sdj.RootElement, "body", findings, out var bodyData);
        if (bodyKey is not null)
            Validate(bodyKey, bodyData, findings);
    }

    /// <summary>
    /// Sendgrid: a JSON array of events, each naming its type. The schema of each type is set in Enrich's own
    /// configuration, so the events' data are not validated here.
    /// </summary>
    private static void Sendgrid(CollectorPayload payload, Findings findings)
    {
        if (payload.Body is not { } body)
        {
            findings.Fail("body: empty body: no events to process");
            return;
        }
        if (payload.ContentType is not { } contentType)
        {
            findings.Fail("contentType: no content type: expected application/json");
            return;
        }
        if (!contentType.Contains("application/json", StringComparison.Ordinal))
        {
            findings.Fail($"contentType: {Quote(contentType)}: expected application/json");
            return;
        }
        using var document = Parse(body, "body", findings);
        if (document is null)
            return;
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            findings.Fail("body: body is not a json array");
            return;
        }
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (
                item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("event", out var type)
                || type.ValueKind != JsonValueKind.String
            )
            {
                findings.Fail($"body[{index}]: no \"event\" string naming the sendgrid event type");
                return;
            }
            index++;
        }
    }

    /// <summary>One event's parameters: event type, platform, the self-describing event and the contexts.</summary>
    private void Event(EventFields parameters, Findings findings, string where = "")
    {
        if (parameters[EventFields.E] is { } e && !EventTypes.Contains(e))
        {
            findings.Fail($"{where}e: {Quote(e)} is not a valid event type (se, ev, ue, ad, tr, ti, pv, pp)");
            return;
        }
        if (parameters[EventFields.P] is { } p && !Platforms.Contains(p))
        {
            findings.Fail($"{where}p: {Quote(p)} is not a valid platform (web, iot, app, mob, pc, cnsl, tv, srv, headset)");
            return;
        }
        if (Layer(parameters, EventFields.UePr, EventFields.UePx, where, findings) is { } unstruct)
        {
            using (unstruct)
                Wrapped(unstruct, "unstruct_event", isArray: false, findings);
            if (findings.Failed)
                return;
        }
        if (Layer(parameters, EventFields.Co, EventFields.Cx, where, findings) is { } contexts)
        {
            using (contexts)
                Wrapped(contexts, "contexts", isArray: true, findings);
        }
    }

    /// <summary>The JSON of a parameter given as text (<paramref name="plain"/>) or as URL-safe base64 (<paramref
    /// name="base64"/>).</summary>
    private static ParsedLayer? Layer(EventFields parameters, int plain, int base64, string where, Findings findings)
    {
        if (findings.Failed)
            return null;
        if (parameters[plain] is { } json)
        {
            var name = where + EventFields.Names[plain];
            return Parse(json, name, findings) is { } document ? new ParsedLayer(name, document) : null;
        }
        var where64 = where + EventFields.Names[base64];
        if (parameters.TryPlain(base64, out var plainBase64) && Base64Layer(plainBase64, where64, findings, out var decoded))
            return decoded;
        if (parameters[base64] is not { } encoded)
            return null;
        byte[] utf8;
        try
        {
            utf8 = Base64Text.DecodeBytes(encoded);
        }
        catch (RowFailure f)
        {
            findings.Fail($"{where64}: {f.Message}");
            return null;
        }
        // Parsed from the decoded bytes as they are: no detour through a string.
        try
        {
            return new ParsedLayer(where64, JsonDocument.Parse(utf8, ParseOptions));
        }
        catch (JsonException e)
        {
            findings.Fail($"{where64}: not valid JSON: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// A base64 layer decoded and parsed in pooled buffers, with no string made of it; false when the value is anything
    /// but valid base64 of UTF-8, which the string path then names.
    /// </summary>
    private static bool Base64Layer(ReadOnlySpan<char> encoded, string where, Findings findings, out ParsedLayer? layer)
    {
        layer = null;
        var ascii = ArrayPool<byte>.Shared.Rent(encoded.Length);
        var output = ArrayPool<byte>.Shared.Rent(encoded.Length + 3);
        var kept = false;
        try
        {
            if (
                System.Text.Ascii.FromUtf16(encoded, ascii, out var n) != System.Buffers.OperationStatus.Done
                || !Base64Text.TryDecodeUtf8Text(ascii.AsSpan(0, n), output, out var length)
            )
                return false;
            try
            {
                layer = new ParsedLayer(where, JsonDocument.Parse(output.AsMemory(0, length), ParseOptions), output);
                kept = true;
            }
            catch (JsonException e)
            {
                findings.Fail($"{where}: not valid JSON: {e.Message}");
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ascii);
            if (!kept)
                ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>The <c>unstruct_event</c> or <c>contexts</c> wrapper, then every self-describing JSON inside it.</summary>
    private void Wrapped(ParsedLayer layer, string wrapper, bool isArray, Findings findings)
    {
        var key = SelfDescribing(layer.Document.RootElement, layer.Name, findings, out var data);
        if (key is null)
            return;
        if (!(key is { Vendor: Snowplow, Format: "jsonschema", Model: "1", Revision: "0" } && key.Name == wrapper))
        {
            findings.Fail($"{layer.Name}: {key} is not iglu:{Snowplow}/{wrapper}/jsonschema/1-0-*");
            return;
        }
        if (!Validate(key, data, findings))
            return;
        if (!isArray)
        {
            var inner = SelfDescribing(data, $"{layer.Name}.data", findings, out var innerData);
            if (inner is not null)
                Validate(inner, innerData, findings);
            return;
        }
        if (data.ValueKind != JsonValueKind.Array)
        {
            findings.Fail($"{layer.Name}.data: not an array");
            return;
        }
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            var inner = SelfDescribing(item, $"{layer.Name}.data[{index}]", findings, out var innerData);
            if (inner is null || !Validate(inner, innerData, findings))
                return;
            index++;
        }
    }

    /// <summary>The schema key of a self-describing JSON <c>{"schema": …, "data": …}</c>, or null (and a failure).</summary>
    private SchemaKey? SelfDescribing(JsonElement json, string where, Findings findings, out JsonElement data)
    {
        data = default;
        if (
            json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("schema", out var schema)
            || schema.ValueKind != JsonValueKind.String
            || !json.TryGetProperty("data", out data)
        )
        {
            findings.Fail($"{where}: not a self-describing JSON (an object with \"schema\" and \"data\")");
            return null;
        }
        var key = FullKey(schema.GetString());
        if (key is null)
            findings.Fail($"{where}.schema: {Quote(schema.GetString())} is not an Iglu schema key");
        return key;
    }

    /// <summary>Validates; false when the row is decided (would fail). An unreachable schema is noted and the checks go on.</summary>
    private bool Validate(SchemaKey key, JsonElement instance, Findings findings)
    {
        var check = schemas.Validate(key, instance);
        switch (check.Kind)
        {
            case SchemaCheckKind.Valid:
                return true;
            case SchemaCheckKind.Unavailable:
                findings.Unavailable($"{key}: {check.Detail}");
                return true;
            case SchemaCheckKind.NotFound:
                findings.Fail($"{key}: {check.Detail ?? "not found in any repository"}");
                return false;
            default:
                findings.Fail($"{key}: {check.Detail}");
                return false;
        }
    }

    private SchemaKey? FullKey(string? uri)
    {
        if (uri is null)
            return null;
        if (_keys.TryGetValue(uri, out var known))
            return known;
        var key = SchemaKey.TryParse(uri) is { } k && k.Model != "*" && k.Revision != "*" && k.Addition != "*" ? k : null;
        // A run meets few schema keys, each on many rows; the bound keeps odd data from growing it for ever.
        if (_keys.Count < MaxKnownKeys)
            _keys.TryAdd(uri, key);
        return key;
    }

    /// <summary>Querystring parameters, decoded; a name given twice keeps its first value, as Enrich's map does.</summary>
    private static Dictionary<string, string?> Parameters(string? querystring)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in Querystring.Parse(querystring))
            map.TryAdd(name, value);
        return map;
    }

    private static JsonDocument? Parse(string text, string where, Findings findings)
    {
        try
        {
            return JsonDocument.Parse(text, ParseOptions);
        }
        catch (JsonException e)
        {
            findings.Fail($"{where}: not valid JSON: {e.Message}");
            return null;
        }
    }

    private static string Quote(string? text) => text is null ? "none" : JsonSerializer.Serialize(text, VerificationJson.Default.String);

    /// <summary>A parsed layer, and the pooled buffer its document reads from, if any (returned with it).</summary>
    private sealed class ParsedLayer(string name, JsonDocument document, byte[]? rented = null) : IDisposable
    {
        public string Name { get; } = name;

        public JsonDocument Document { get; } = document;

        public void Dispose()
        {
            Document.Dispose();
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The parameters of an event the checks read (<c>e</c>, <c>p</c>, <c>ue_pr</c>, <c>ue_px</c>, <c>co</c>, <c>cx</c>),
    /// found without decoding the others, and each decoded only when read: a querystring's first occurrence of a name
    /// wins, as in Enrich's map.
    /// </summary>
    private sealed class EventFields
    {
        public const int E = 0,
            P = 1,
            UePr = 2,
            UePx = 3,
            Co = 4,
            Cx = 5;
        public static readonly string[] Names = ["e", "p", "ue_pr", "ue_px", "co", "cx"];

        private readonly string?[] _values = new string?[Names.Length];
        private readonly string?[] _sources = new string?[Names.Length]; // the querystring of a value not URL-decoded yet
        private readonly int[] _starts = new int[Names.Length];
        private readonly int[] _lengths = new int[Names.Length];
        private readonly bool[] _present = new bool[Names.Length];

        /// <summary>The value, URL-decoded when it came from a querystring; null when absent or empty.</summary>
        public string? this[int field]
        {
            get
            {
                if (_sources[field] is { } source)
                {
                    _values[field] = UrlCoding.Decode(source.Substring(_starts[field], _lengths[field]));
                    _sources[field] = null;
                }
                return _values[field];
            }
        }

        /// <summary>A querystring value that URL decoding would leave as it is, without making a string of it.</summary>
        public bool TryPlain(int field, out ReadOnlySpan<char> value)
        {
            value = _sources[field] is { } source ? source.AsSpan(_starts[field], _lengths[field]) : default;
            return _sources[field] is not null && value.IndexOfAny('%', '+') < 0;
        }

        public void Clear()
        {
            Array.Clear(_values);
            Array.Clear(_sources);
            Array.Clear(_present);
        }

        /// <summary>Reads a querystring; false when it has no parameter at all.</summary>
        public bool ReadQuerystring(string? querystring)
        {
            if (string.IsNullOrEmpty(querystring))
                return false;
            var any = false;
            var rest = querystring.AsSpan();
            var offset = 0;
            while (true)
            {
                var amp = rest.IndexOf('&');
                var piece = amp < 0 ? rest : rest[..amp];
                if (piece.Length > 0)
                {
                    any = true;
                    var eq = piece.IndexOf('=');
                    var field = Field(eq < 0 ? piece : piece[..eq]);
                    if (field >= 0 && !_present[field])
                    {
                        _present[field] = true;
                        _values[field] = null;
                        if (eq >= 0 && eq < piece.Length - 1)
                            (_sources[field], _starts[field], _lengths[field]) = (querystring, offset + eq + 1, piece.Length - eq - 1);
                    }
                }
                if (amp < 0)
                    return any;
                rest = rest[(amp + 1)..];
                offset += amp + 1;
            }
        }

        /// <summary>A string member of a <c>payload_data</c> event (a name given twice keeps its last value).</summary>
        public void Set(JsonProperty member)
        {
            for (var i = 0; i < Names.Length; i++)
                if (member.NameEquals(Names[i]))
                {
                    _values[i] = member.Value.GetString();
                    _sources[i] = null;
                    _present[i] = true;
                    return;
                }
        }

        public void OverrideWith(EventFields query)
        {
            for (var i = 0; i < Names.Length; i++)
                if (query._present[i])
                {
                    (_values[i], _sources[i]) = (query._values[i], query._sources[i]);
                    (_starts[i], _lengths[i]) = (query._starts[i], query._lengths[i]);
                    _present[i] = true;
                }
        }

        private static int Field(ReadOnlySpan<char> name)
        {
            for (var i = 0; i < Names.Length; i++)
                if (name.SequenceEqual(Names[i]))
                    return i;
            return -1;
        }
    }

    /// <summary>The first failure, and the first schema that could not be fetched: a failure decides, unreachable only when nothing
    /// failed.</summary>
    private sealed class Findings
    {
        private string? _failure,
            _unavailable;

        public bool Failed => _failure is not null;

        public void Fail(string reason) => _failure ??= reason;

        public void Unavailable(string reason) => _unavailable ??= reason;

        public PayloadVerdict Verdict =>
            _failure is not null ? new PayloadVerdict(VerdictKind.WouldFail, _failure)
            : _unavailable is not null ? new PayloadVerdict(VerdictKind.NotVerified, _unavailable)
            : PayloadVerdict.Passed;
    }
}

/// <summary>The serializer's view of what verification writes, generated at build time (no reflection: native builds).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class VerificationJson : System.Text.Json.Serialization.JsonSerializerContext;
