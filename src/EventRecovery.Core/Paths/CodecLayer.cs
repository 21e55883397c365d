using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Paths;

/// <summary>
/// JSON carried inside a string field, which a path walks through transparently: decoded on the way in,
/// re-encoded (compact) on the way out.
/// </summary>
public abstract class CodecLayer
{
    /// <summary>Base64 JSON: the <c>cx</c> and <c>ue_px</c> parameters.</summary>
    public static readonly CodecLayer Base64Json = new Base64JsonLayer();

    /// <summary>
    /// JSON text: <c>co</c>, <c>ue_pr</c>, <c>contexts</c>, <c>derived_contexts</c>. These are URL-encoded on the
    /// wire, but a bad row stores parameters already URL-decoded, so here they are plain JSON text; the
    /// querystring is URL-encoded again when the collector payload is rebuilt.
    /// </summary>
    public static readonly CodecLayer JsonText = new JsonTextLayer();

    /// <summary>Parsing limits for decoded layers: depth, and no duplicate keys (which JsonObject would refuse later, on first read).</summary>
    internal static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>Decodes the string into a JSON tree, or throws a <see cref="RowFailure"/>.</summary>
    public JsonNode? Decode(JsonNode? field, string where) => Decode(field, where, null, 0);

    /// <summary>
    /// <see cref="Decode(JsonNode?, string)"/> with the field named by the first <paramref name="segments"/> of
    /// <paramref name="path"/>, a name made only for a failure (a step decodes a layer on most rows).
    /// </summary>
    internal JsonNode? Decode(JsonNode? field, JsonPath path, int segments) => Decode(field, null, path, segments);

    private JsonNode? Decode(JsonNode? field, string? where, JsonPath? path, int segments)
    {
        string Where() => where ?? path!.Prefix(segments);
        var text = JsonKinds.AsString(field) ?? throw NotAString(Where(), JsonKinds.KindOf(field));
        var json = DecodeText(text);
        try
        {
            return JsonNode.Parse(json, documentOptions: ParseOptions);
        }
        catch (JsonException e)
        {
            throw NotJson(Where(), e, json);
        }
    }

    /// <summary>
    /// <see cref="Decode(JsonNode?, string)"/> into a parsed document rather than a tree (the caller disposes it), for reading only:
    /// it accepts and refuses exactly what <see cref="Decode(JsonNode?, string)"/> does. <paramref name="path"/> and
    /// <paramref name="segments"/> name the field in a failure.
    /// </summary>
    internal JsonDocument DecodeDocument(string? text, JsonValueKind kind, JsonPath path, int segments)
    {
        if (text is null) throw NotAString(path.Prefix(segments), kind);
        var json = DecodeText(text);
        try
        {
            return JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException e)
        {
            throw NotJson(path.Prefix(segments), e, json);
        }
    }

    private RowFailure NotAString(string where, JsonValueKind kind) =>
        new($"{where} is {JsonKinds.Describe(kind)}, expected a string holding {Name}");

    private static RowFailure NotJson(string where, JsonException e, string json) =>
        new($"{where} does not hold valid JSON ({e.Message}): {Base64Text.Abbreviate(json)}");

    /// <summary>Encodes a JSON tree back into the string form of this layer.</summary>
    public JsonNode Encode(JsonNode? tree) => JsonValue.Create(EncodeText(CompactJson.Serialize(tree)));

    /// <summary>What the string holds, for messages.</summary>
    public abstract string Name { get; }

    private protected abstract string DecodeText(string s);

    private protected abstract string EncodeText(string json);

    private sealed class Base64JsonLayer : CodecLayer
    {
        public override string Name => "base64-encoded JSON";
        private protected override string DecodeText(string s) => Base64Text.DecodeText(s);
        private protected override string EncodeText(string json) => Base64Text.EncodeText(json);
    }

    private sealed class JsonTextLayer : CodecLayer
    {
        public override string Name => "JSON text";
        private protected override string DecodeText(string s) => s;
        private protected override string EncodeText(string json) => json;
    }
}
