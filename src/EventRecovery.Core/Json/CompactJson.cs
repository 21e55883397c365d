using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Json;

/// <summary>
/// Compact JSON text as the original (circe's <c>noSpaces</c>) prints it: no whitespace, key order kept,
/// numbers as they were written, and only <c>"</c>, <c>\</c> and control characters escaped.
/// System.Text.Json's own writer escapes non-ASCII and HTML characters, which would change the bytes
/// of every re-encoded context and break regexes written against the original's output.
/// </summary>
public static class CompactJson
{
    /// <summary>Compact text of <paramref name="node"/>; <c>null</c> prints as <c>null</c>.</summary>
    public static string Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>Appends the compact text of <paramref name="node"/> to <paramref name="sb"/>.</summary>
    public static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject untouched when UntouchedJson.TryGetElement(untouched, out var element) && TryWrite(sb, element):
                break;
            case JsonArray untouched when UntouchedJson.TryGetElement(untouched, out var element) && TryWrite(sb, element):
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first)
                        sb.Append(',');
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray arr:
                sb.Append('[');
                for (var i = 0; i < arr.Count; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    Write(sb, arr[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    /// <summary>
    /// Appends the compact text of a parsed value not yet opened as a tree: the same text the tree over it gives,
    /// without making the tree (a layer's JSON that a step passed through without opening is written this way).
    /// Returns false, leaving <paramref name="sb"/> as it was, for what the tree must write itself, because opening
    /// it can fail and the failure is the row's reason: an object with a duplicate key or an escaped key, a string
    /// with an escaped surrogate (perhaps a lone one).
    /// </summary>
    private static bool TryWrite(StringBuilder sb, JsonElement element)
    {
        var bytes = new PooledBytes(JsonMarshal.GetRawUtf8Value(element).Length + 16);
        try
        {
            if (!TryWriteUtf8(ref bytes, element))
                return false;
            sb.AppendUtf8(bytes.Written);
            return true;
        }
        finally
        {
            bytes.Dispose();
        }
    }

    /// <summary>
    /// Appends the compact text of a parsed value nothing opened to <paramref name="bytes"/>, as UTF-8: what
    /// <see cref="TryWrite"/> writes, for writers that work in bytes (a layer a step changed is written back this
    /// way). False, with part of it appended, for what a tree must write itself (see <see cref="TryWrite"/>).
    /// </summary>
    internal static bool TryWriteUtf8(ref PooledBytes bytes, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (InPlace.ObjectKeys.HasDuplicateOrEscaped(element))
                    return false;
                bytes.Append((byte)'{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!first)
                        bytes.Append((byte)',');
                    first = false;
                    bytes.Append((byte)'"');
                    bytes.Append(JsonMarshal.GetRawUtf8PropertyName(property)); // no escape (checked above): the key itself
                    bytes.Append("\":"u8);
                    if (!TryWriteUtf8(ref bytes, property.Value))
                        return false;
                }
                bytes.Append((byte)'}');
                return true;
            case JsonValueKind.Array:
                bytes.Append((byte)'[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                        bytes.Append((byte)',');
                    firstItem = false;
                    if (!TryWriteUtf8(ref bytes, item))
                        return false;
                }
                bytes.Append((byte)']');
                return true;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    bytes.Append(raw); // without an escape, the bytes with their quotes are the compact text
                    return true;
                }
                if (HasEscapedSurrogate(raw))
                    return false;
                var quoted = Quote(element.GetString()!); // valid UTF-16: no escaped surrogate
                bytes.Advance(Encoding.UTF8.GetBytes(quoted, bytes.Free(Encoding.UTF8.GetMaxByteCount(quoted.Length))));
                return true;
            default:
                bytes.Append(JsonMarshal.GetRawUtf8Value(element)); // numbers as written; true, false, null
                return true;
        }
    }

    /// <summary>Whether raw string bytes hold a <c>\uD800</c>–<c>\uDFFF</c> escape.</summary>
    internal static bool HasEscapedSurrogate(ReadOnlySpan<byte> raw)
    {
        for (var i = raw.IndexOf("\\u"u8); i >= 0 && i + 3 < raw.Length; )
        {
            if (
                raw[i + 2] is (byte)'d' or (byte)'D'
                && raw[i + 3] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F'
            )
                return true;
            var next = raw[(i + 2)..].IndexOf("\\u"u8);
            i = next < 0 ? -1 : i + 2 + next;
        }
        return false;
    }

    // UTF-8 (valid: the line was checked, a decoded layer was made from text) appended as chars, through the stack
    // when short.
    private static StringBuilder AppendUtf8(this StringBuilder sb, ReadOnlySpan<byte> utf8)
    {
        char[]? rented = null;
        var chars = utf8.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        var written = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        sb.Append(chars[..written]);
        if (rented is not null)
            ArrayPool<char>.Shared.Return(rented);
        return sb;
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(sb, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Null:
                sb.Append("null");
                break;
            case JsonValueKind.Number:
                sb.Append(NumberText(value));
                break;
            default:
                // Values created from CLR objects other than primitives do not occur in our trees.
                sb.Append(value.ToJsonString());
                break;
        }
    }

    /// <summary>The number's text as written in the input, or the shortest round-trip form for computed numbers.</summary>
    public static string NumberText(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
            return element.GetRawText();
        if (value.TryGetValue<long>(out var l))
            return l.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<int>(out var i))
            return i.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<double>(out var d))
            return JsonNumbers.Format(d);
        if (value.TryGetValue<decimal>(out var m))
            return m.ToString(CultureInfo.InvariantCulture);
        return value.ToJsonString();
    }

    /// <summary><paramref name="s"/> as a JSON string literal with minimal escaping (its compact text).</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        WriteString(sb, s);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="s"/> as a JSON string literal with minimal escaping.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            sb.Append(s, start, i - start);
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
            start = i + 1;
        }
        sb.Append(s, start, s.Length - start);
        sb.Append('"');
    }

    /// <summary>The length of <see cref="WriteQuotedUtf8"/>'s output for <paramref name="s"/>.</summary>
    internal static int QuotedUtf8Length(string s)
    {
        var length = Encoding.UTF8.GetByteCount(s) + 2;
        foreach (var c in s)
        {
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            length += c is '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' ? 1 : 5;
        }
        return length;
    }

    /// <summary>
    /// <see cref="WriteString"/> as UTF-8 into <paramref name="destination"/> (at least <see cref="QuotedUtf8Length"/>
    /// bytes); returns the bytes written. A lone surrogate becomes U+FFFD, as the UTF-8 of the string would have it.
    /// </summary>
    internal static int WriteQuotedUtf8(Span<byte> destination, string s)
    {
        var at = 0;
        destination[at++] = (byte)'"';
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            at += Encoding.UTF8.GetBytes(s.AsSpan(start, i - start), destination[at..]);
            destination[at++] = (byte)'\\';
            switch (c)
            {
                case '"':
                    destination[at++] = (byte)'"';
                    break;
                case '\\':
                    destination[at++] = (byte)'\\';
                    break;
                case '\b':
                    destination[at++] = (byte)'b';
                    break;
                case '\f':
                    destination[at++] = (byte)'f';
                    break;
                case '\n':
                    destination[at++] = (byte)'n';
                    break;
                case '\r':
                    destination[at++] = (byte)'r';
                    break;
                case '\t':
                    destination[at++] = (byte)'t';
                    break;
                default:
                    destination[at++] = (byte)'u';
                    ((int)c).TryFormat(destination[at..], out var written, "x4", CultureInfo.InvariantCulture);
                    at += written;
                    break;
            }
            start = i + 1;
        }
        at += Encoding.UTF8.GetBytes(s.AsSpan(start), destination[at..]);
        destination[at++] = (byte)'"';
        return at;
    }
}
