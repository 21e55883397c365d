using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Json;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Verification;

/// <summary>
/// The checks Enrich makes on a collector payload before it enriches the event: the adapter the path routes to, that
/// adapter's rules for querystring, body and content type, the event type and platform codes, and every self-describing
/// JSON (the POST body, <c>ue_pr</c>/<c>ue_px</c>, <c>co</c>/<c>cx</c>, webhook events) against its schema. Enrichments
/// themselves are not run. Pure and thread-safe: schemas come through <see cref="ISchemaValidator"/>.
/// The payload is read where it lies, as the Thrift bytes Enrich receives: querystring and body are parsed from their
/// UTF-8, and a value that is plain text or base64 is decoded into pooled buffers; only what a reason quotes, or what
/// needs decoding with a replacement character or an error, goes through .NET strings.
/// </summary>
public sealed class EnrichmentVerifier
{
    private readonly ISchemaValidator _schemas;

    private const string Snowplow = "com.snowplowanalytics.snowplow";
    private const string IgluVendor = "com.snowplowanalytics.iglu";
    private const string SendgridVendor = "com.sendgrid";
    private static readonly byte[] SnowplowUtf8 = Encoding.UTF8.GetBytes(Snowplow);
    private static readonly byte[] IgluVendorUtf8 = Encoding.UTF8.GetBytes(IgluVendor);
    private static readonly byte[] SendgridVendorUtf8 = Encoding.UTF8.GetBytes(SendgridVendor);

    // Enrich's lists (Tp2Adapter, IgluAdapter, EventEnrichments.extractEventType, MiscEnrichments.extractPlatform).
    private static readonly string[] Tp2ContentTypes =
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=UTF-8",
    ];
    private static readonly string[] IgluJsonContentTypes = ["application/json", "application/json; charset=utf-8"];
    private const string FormContentType = "application/x-www-form-urlencoded";
    private static readonly string[] EventTypes = ["se", "ev", "ue", "ad", "tr", "ti", "pv", "pp"];
    private static readonly string[] Platforms = ["web", "iot", "app", "mob", "pc", "cnsl", "tv", "srv", "headset"];
    private static readonly byte[][] EventTypesUtf8 = [.. EventTypes.Select(Encoding.UTF8.GetBytes)];
    private static readonly byte[][] PlatformsUtf8 = [.. Platforms.Select(Encoding.UTF8.GetBytes)];

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };
    private const int MaxKnownKeys = 10_000;

    // Schema URIs already read, and what they came to (null: not a full Iglu key).
    private readonly ConcurrentDictionary<string, SchemaKey?> _keys;
    private readonly ConcurrentDictionary<string, SchemaKey?>.AlternateLookup<ReadOnlySpan<char>> _knownKeys;

    /// <summary>Creates the checks, with the schemas from <paramref name="schemas"/>.</summary>
    public EnrichmentVerifier(ISchemaValidator schemas)
    {
        _schemas = schemas;
        _keys = new ConcurrentDictionary<string, SchemaKey?>(StringComparer.Ordinal);
        _knownKeys = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The verdict on <paramref name="payload"/>, as Enrich would read it once encoded.</summary>
    /// <exception cref="ArgumentException">A string of the payload holds a lone surrogate: it has no Thrift form.</exception>
    public PayloadVerdict Verify(CollectorPayload payload) => Verify(CollectorPayloadThrift.Encode(payload));

    /// <summary>The verdict on a payload given as its Thrift bytes (a recovered outcome's).</summary>
    /// <exception cref="ThriftFormatException">
    /// The bytes are not one <c>CollectorPayload</c> (as <see cref="CollectorPayloadThrift.Decode"/> finds).
    /// </exception>
    public PayloadVerdict Verify(ReadOnlyMemory<byte> thrift)
    {
        var payload = new Parts(thrift, CollectorPayloadLayout.Read(thrift.Span));
        var findings = new Findings();
        var path = payload.PathUtf8;
        if (AdapterRoute.TryRead(path, out var vendorAt, out var versionAt))
        {
            var vendor = path[vendorAt];
            var version = path[versionAt];
            if (vendor.SequenceEqual(SnowplowUtf8) && version.SequenceEqual("tp2"u8))
                Tp2(payload, findings);
            else if (vendor.SequenceEqual(SnowplowUtf8) && version.SequenceEqual("tp1"u8))
                Tp1(payload, findings);
            else if (vendor.SequenceEqual(IgluVendorUtf8) && version.SequenceEqual("v1"u8))
                IgluWebhook(payload, findings);
            else if (vendor.SequenceEqual(SendgridVendorUtf8) && version.SequenceEqual("v3"u8))
                Sendgrid(payload, findings);
            else
                return new PayloadVerdict(
                    VerdictKind.NotChecked,
                    $"the {Encoding.UTF8.GetString(vendor)}/{Encoding.UTF8.GetString(version)} adapter is not checked"
                );
        }
        else if (path.StartsWith("/ice.png"u8) || path.SequenceEqual("/i"u8) || path.StartsWith("/i?"u8))
            Tp1(payload, findings);
        else
            findings.Fail(
                $"path {Quote(Encoding.UTF8.GetString(path))} does not match (/)vendor/version(/) nor is a legacy /i(ce.png) request"
            );
        return findings.Verdict;
    }

    /// <summary>GET pixel: the querystring is the event.</summary>
    private void Tp1(Parts payload, Findings findings)
    {
        var fields = new EventFields();
        if (!fields.ReadQuerystring(payload.QuerystringUtf8))
            findings.Fail("querystring: empty querystring: not a valid URI redirect");
        else
            Event(fields, findings);
    }

    /// <summary>Tracker protocol v2: querystring, or a <c>payload_data</c> body of events whose values are all strings.</summary>
    private void Tp2(Parts payload, Findings findings)
    {
        var query = new EventFields();
        var hasQuery = query.ReadQuerystring(payload.QuerystringUtf8);
        var (body, contentType) = (payload.BodyUtf8, payload.ContentType);
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

        using var document = Parse(body.Value, "body", findings);
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
    private void IgluWebhook(Parts payload, Findings findings)
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
    private static void Sendgrid(Parts payload, Findings findings)
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
        if (!parameters.IsOneOf(EventFields.E, EventTypesUtf8, EventTypes, out var e))
        {
            findings.Fail($"{where}e: {Quote(e)} is not a valid event type (se, ev, ue, ad, tr, ti, pv, pp)");
            return;
        }
        if (!parameters.IsOneOf(EventFields.P, PlatformsUtf8, Platforms, out var p))
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
        if (parameters.Has(plain))
        {
            var name = where + EventFields.Names[plain];
            if (parameters.TryDecodeUtf8(plain, out var utf8, out var rented))
                return Parse(utf8, rented, name, findings);
            return parameters.Text(plain) is { } json && Parse(json, name, findings) is { } document
                ? new ParsedLayer(name, document)
                : null;
        }
        if (!parameters.Has(base64))
            return null;
        var where64 = where + EventFields.Names[base64];
        if (parameters.TryDecodeUtf8(base64, out var encoded, out var rentedEncoded))
        {
            try
            {
                if (Base64Layer(encoded.Span, where64, findings, out var decoded))
                    return decoded;
            }
            finally
            {
                if (rentedEncoded is not null)
                    ArrayPool<byte>.Shared.Return(rentedEncoded);
            }
        }
        // Anything the bytes do not take, named by the decoding of the text.
        if (parameters.Text(base64) is not { } text)
            return null;
        byte[] bytes;
        try
        {
            bytes = Base64Text.DecodeBytes(text);
        }
        catch (RowFailure f)
        {
            findings.Fail($"{where64}: {f.Message}");
            return null;
        }
        return Parse(bytes, rented: null, where64, findings);
    }

    /// <summary>
    /// A base64 layer decoded and parsed in a pooled buffer; false when the value is anything but valid base64 of
    /// UTF-8, which the text path then names.
    /// </summary>
    private static bool Base64Layer(ReadOnlySpan<byte> encoded, string where, Findings findings, out ParsedLayer? layer)
    {
        layer = null;
        var output = ArrayPool<byte>.Shared.Rent(encoded.Length + 3);
        if (!Base64Text.TryDecodeUtf8Text(encoded, output, out var length))
        {
            ArrayPool<byte>.Shared.Return(output);
            return false;
        }
        layer = Parse(output.AsMemory(0, length), output, where, findings);
        return true;
    }

    /// <summary>A layer parsed from UTF-8 held in <paramref name="rented"/> (returned with the layer, or here on failure).</summary>
    private static ParsedLayer? Parse(ReadOnlyMemory<byte> utf8, byte[]? rented, string where, Findings findings)
    {
        try
        {
            return new ParsedLayer(where, JsonDocument.Parse(utf8, ParseOptions), rented);
        }
        catch (JsonException e)
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
            findings.Fail($"{where}: not valid JSON: {e.Message}");
            return null;
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
        var key = FullKey(schema);
        if (key is null)
            findings.Fail($"{where}.schema: {Quote(schema.GetString())} is not an Iglu schema key");
        return key;
    }

    /// <summary>Validates; false when the row is decided (would fail). An unreachable schema is noted and the checks go on.</summary>
    private bool Validate(SchemaKey key, JsonElement instance, Findings findings)
    {
        var check = _schemas.Validate(key, instance);
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

    /// <summary><see cref="FullKey(string)"/> of a JSON string, looked up by its UTF-8 when it is known (no string made).</summary>
    private SchemaKey? FullKey(JsonElement uri)
    {
        var utf8 = JsonMarshal.GetRawUtf8Value(uri)[1..^1];
        if (utf8.Length <= MaxStackKey && utf8.IndexOf((byte)'\\') < 0)
        {
            Span<char> chars = stackalloc char[utf8.Length]; // never more UTF-16 units than UTF-8 bytes
            if (_knownKeys.TryGetValue(chars[..Encoding.UTF8.GetChars(utf8, chars)], out var known))
                return known;
        }
        return FullKey(uri.GetString());
    }

    private const int MaxStackKey = 256;

    private SchemaKey? FullKey(string? uri)
    {
        if (uri is null)
            return null;
        if (_keys.TryGetValue(uri, out var known))
            return known;
        var key = SchemaKey.TryParse(uri) is { IsPattern: false } k ? k : null;
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

    private static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, string where, Findings findings)
    {
        try
        {
            return JsonDocument.Parse(utf8, ParseOptions);
        }
        catch (JsonException e)
        {
            findings.Fail($"{where}: not valid JSON: {e.Message}");
            return null;
        }
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

    /// <summary>The fields of the payload the checks read, where they lie in its Thrift bytes.</summary>
    private readonly struct Parts(ReadOnlyMemory<byte> thrift, CollectorPayloadLayout layout)
    {
        public ReadOnlySpan<byte> PathUtf8 => layout.Path.IsSet ? layout.Path.Of(thrift.Span) : default;

        public string? ContentType => Text(layout.ContentType);

        public string? Querystring => Text(layout.Querystring);

        public string? Body => Text(layout.Body);

        public ReadOnlyMemory<byte>? QuerystringUtf8 => Utf8(layout.Querystring);

        public ReadOnlyMemory<byte>? BodyUtf8 => Utf8(layout.Body);

        // Not a conditional expression: its null would become an empty memory (through byte[]), not "no field".
        private ReadOnlyMemory<byte>? Utf8(Utf8Range range)
        {
            if (!range.IsSet)
                return null;
            return range.Of(thrift);
        }

        private string? Text(Utf8Range range) => range.IsSet ? Encoding.UTF8.GetString(range.Of(thrift.Span)) : null;
    }

    /// <summary>
    /// The parameters of an event the checks read (<c>e</c>, <c>p</c>, <c>ue_pr</c>, <c>ue_px</c>, <c>co</c>, <c>cx</c>),
    /// found without decoding the others, and each decoded only when read: a querystring's first occurrence of a name
    /// wins, as in Enrich's map. A value is the URL-encoded UTF-8 of a querystring, or a string of a <c>payload_data</c>
    /// event.
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
        private static readonly byte[][] NamesUtf8 = [.. Names.Select(Encoding.UTF8.GetBytes)];

        private enum Source : byte
        {
            None, // absent, or a querystring parameter with no value
            Query,
            Json,
        }

        private readonly Source[] _sources = new Source[Names.Length];
        private readonly ReadOnlyMemory<byte>[] _query = new ReadOnlyMemory<byte>[Names.Length];
        private readonly JsonElement[] _json = new JsonElement[Names.Length];
        private readonly bool[] _present = new bool[Names.Length];

        /// <summary>Whether the field has a value (a querystring's empty one has none).</summary>
        public bool Has(int field) => _sources[field] != Source.None;

        /// <summary>The value, URL-decoded when it came from a querystring; null when absent or empty.</summary>
        public string? Text(int field) =>
            _sources[field] switch
            {
                Source.Query => UrlCoding.Decode(Encoding.UTF8.GetString(_query[field].Span)),
                Source.Json => _json[field].GetString(),
                _ => null,
            };

        /// <summary>
        /// The UTF-8 of <see cref="Text"/>, where it lies or decoded into a buffer rented for the caller (null when none
        /// was needed); false when only the text path can tell (an escape: a malformed one, or one not of UTF-8).
        /// </summary>
        public bool TryDecodeUtf8(int field, out ReadOnlyMemory<byte> utf8, out byte[]? rented)
        {
            (utf8, rented) = (default, null);
            switch (_sources[field])
            {
                case Source.Query:
                    var encoded = _query[field];
                    if (encoded.Span.IndexOfAny((byte)'%', (byte)'+') < 0)
                    {
                        utf8 = encoded;
                        return true;
                    }
                    rented = ArrayPool<byte>.Shared.Rent(encoded.Length);
                    if (UrlCoding.TryDecodeUtf8(encoded.Span, rented, out var length))
                    {
                        utf8 = rented.AsMemory(0, length);
                        return true;
                    }
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = null;
                    return false;
                case Source.Json:
                    var quoted = JsonMarshal.GetRawUtf8Value(_json[field]);
                    rented = ArrayPool<byte>.Shared.Rent(quoted.Length);
                    if (Unquote(quoted, rented, out var written))
                    {
                        utf8 = rented.AsMemory(0, written);
                        return true;
                    }
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = null;
                    return false;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The UTF-8 of a JSON string (<paramref name="quoted"/>, as written, quotes and escapes) into <paramref
        /// name="destination"/>; false for an escape that makes no UTF-8 (half a surrogate pair), which the text path names.
        /// </summary>
        private static bool Unquote(ReadOnlySpan<byte> quoted, Span<byte> destination, out int written)
        {
            written = 0;
            var text = quoted[1..^1];
            if (text.IndexOf((byte)'\\') < 0)
            {
                text.CopyTo(destination);
                written = text.Length;
                return true;
            }
            var reader = new Utf8JsonReader(quoted);
            try
            {
                reader.Read();
                written = reader.CopyString(destination);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>
        /// Whether the field is absent or one of <paramref name="allowed"/> (<paramref name="allowedUtf8"/> as UTF-8);
        /// when it is not, <paramref name="text"/> is its value.
        /// </summary>
        public bool IsOneOf(int field, byte[][] allowedUtf8, string[] allowed, out string? text)
        {
            text = null;
            switch (_sources[field])
            {
                case Source.None:
                    return true;
                case Source.Query when _query[field].Span.IndexOfAny((byte)'%', (byte)'+') < 0:
                    if (Contains(allowedUtf8, _query[field].Span))
                        return true;
                    break;
                case Source.Json when Unescaped(_json[field], out var raw):
                    if (Contains(allowedUtf8, raw))
                        return true;
                    break;
            }
            text = Text(field);
            return text is null || allowed.Contains(text, StringComparer.Ordinal);
        }

        /// <summary>A JSON string's UTF-8 as it lies in the document, when it has no escape (its text is those bytes').</summary>
        private static bool Unescaped(JsonElement text, out ReadOnlySpan<byte> utf8)
        {
            utf8 = JsonMarshal.GetRawUtf8Value(text)[1..^1];
            return utf8.IndexOf((byte)'\\') < 0;
        }

        private static bool Contains(byte[][] allowed, ReadOnlySpan<byte> value)
        {
            foreach (var a in allowed)
                if (value.SequenceEqual(a))
                    return true;
            return false;
        }

        public void Clear()
        {
            Array.Clear(_sources);
            Array.Clear(_present);
        }

        /// <summary>Reads a querystring (URL-encoded UTF-8); false when it has no parameter at all.</summary>
        public bool ReadQuerystring(ReadOnlyMemory<byte>? querystring)
        {
            if (querystring is not { Length: > 0 } whole)
                return false;
            var any = false;
            var rest = whole.Span;
            var offset = 0;
            while (true)
            {
                var amp = rest.IndexOf((byte)'&');
                var piece = amp < 0 ? rest : rest[..amp];
                if (piece.Length > 0)
                {
                    any = true;
                    var eq = piece.IndexOf((byte)'=');
                    var field = Field(eq < 0 ? piece : piece[..eq]);
                    if (field >= 0 && !_present[field])
                    {
                        _present[field] = true;
                        _sources[field] = Source.None;
                        if (eq >= 0 && eq < piece.Length - 1)
                            (_sources[field], _query[field]) = (Source.Query, whole.Slice(offset + eq + 1, piece.Length - eq - 1));
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
                if (member.NameEquals(NamesUtf8[i]))
                {
                    // Half a surrogate pair escaped (\ud800) has no text: reading it throws, and the event is not verified,
                    // whether or not the querystring overrides it. Only an escaped surrogate can do that.
                    var raw = JsonMarshal.GetRawUtf8Value(member.Value);
                    if (CompactJson.HasEscapedSurrogate(raw))
                        _ = member.Value.GetString();
                    (_sources[i], _json[i]) = (Source.Json, member.Value);
                    _present[i] = true;
                    return;
                }
        }

        public void OverrideWith(EventFields query)
        {
            for (var i = 0; i < Names.Length; i++)
                if (query._present[i])
                {
                    (_sources[i], _query[i], _json[i]) = (query._sources[i], query._query[i], query._json[i]);
                    _present[i] = true;
                }
        }

        private static int Field(ReadOnlySpan<byte> name)
        {
            for (var i = 0; i < Names.Length; i++)
                if (name.SequenceEqual(NamesUtf8[i]))
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
