using System.Buffers;
using System.Buffers.Text;
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

    /// <summary>Parsing limits for decoded layers: depth, and no duplicate keys (which JsonObject would refuse later, on first
    /// read).</summary>
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
        if (text is null)
            throw NotAString(path.Prefix(segments), kind);
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

    /// <summary>
    /// <see cref="DecodeDocument"/> for a string of the line given by its raw bytes (<paramref name="quoted"/>, quotes
    /// included), without making its text: the JSON's UTF-8 is written into a buffer from the shared pool, which the
    /// caller gives back once done with the document. Null when this way cannot tell (an escaped surrogate, bytes
    /// that do not decode, JSON that does not parse): <see cref="DecodeDocument"/> then decides, and names the failure.
    /// </summary>
    internal JsonDocument? TryDecodeDocument(ReadOnlySpan<byte> quoted, out byte[]? rented)
    {
        rented = null;
        if (quoted.Length < 2 || quoted[0] != (byte)'"')
            return null;
        var raw = quoted[1..^1];
        if (raw.IndexOf((byte)'\\') < 0)
            return TryDecodeValue(raw, out rented);
        // An escaped surrogate may be a lone one, which has no UTF-8: the text way decides.
        if (CompactJson.HasEscapedSurrogate(raw))
            return null;
        var value = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return TryDecodeValue(value.AsSpan(0, reader.CopyString(value)), out rented);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(value);
        }
    }

    /// <summary>
    /// <see cref="TryDecodeDocument"/> for a string given as its UTF-8 (<paramref name="value"/>, no quotes, no
    /// escapes): a layer's text written back by a step, for the next step through it.
    /// </summary>
    internal JsonDocument? TryDecodeValue(ReadOnlySpan<byte> value, out byte[]? rented)
    {
        rented = null;
        var buffer = ArrayPool<byte>.Shared.Rent(value.Length + 3); // base64 may add up to 2 bytes of padding
        if (DecodeInto(value, buffer, out var length))
        {
            try
            {
                var document = JsonDocument.Parse(buffer.AsMemory(0, length), ParseOptions);
                rented = buffer;
                return document;
            }
            catch (JsonException)
            {
                // The text way fails the same and says so with the text.
            }
        }
        ArrayPool<byte>.Shared.Return(buffer);
        return null;
    }

    /// <summary>
    /// The UTF-8 JSON held by a string whose UTF-8 is <paramref name="value"/>, written into <paramref name="buffer"/>
    /// (at least 3 bytes longer); false when this cannot tell (see <see cref="TryDecodeDocument"/>).
    /// </summary>
    private protected abstract bool DecodeInto(ReadOnlySpan<byte> value, byte[] buffer, out int length);

    /// <summary>The string form, as UTF-8, of this layer for compact JSON text <paramref name="json"/> (UTF-8).</summary>
    internal abstract byte[] EncodeCompactUtf8(ReadOnlySpan<byte> json);

    private RowFailure NotAString(string where, JsonValueKind kind) =>
        new(FailureMessages.LayerNotAString(where, JsonKinds.Describe(kind), Name));

    private static RowFailure NotJson(string where, JsonException e, string json) =>
        new(FailureMessages.LayerNotJson(where, e.Message, json));

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

        private protected override bool DecodeInto(ReadOnlySpan<byte> value, byte[] buffer, out int length) =>
            Base64Text.TryDecodeUtf8Text(value, buffer, out length);

        internal override byte[] EncodeCompactUtf8(ReadOnlySpan<byte> json)
        {
            var encoded = new byte[Base64.GetMaxEncodedToUtf8Length(json.Length)]; // exact with padding
            Base64.EncodeToUtf8(json, encoded, out _, out _);
            return encoded;
        }
    }

    private sealed class JsonTextLayer : CodecLayer
    {
        public override string Name => "JSON text";

        private protected override string DecodeText(string s) => s;

        private protected override string EncodeText(string json) => json;

        private protected override bool DecodeInto(ReadOnlySpan<byte> value, byte[] buffer, out int length)
        {
            value.CopyTo(buffer);
            length = value.Length;
            return true;
        }

        internal override byte[] EncodeCompactUtf8(ReadOnlySpan<byte> json) => json.ToArray();
    }
}
