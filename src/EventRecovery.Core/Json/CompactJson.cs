using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first) sb.Append(',');
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
                    if (i > 0) sb.Append(',');
                    Write(sb, arr[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
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
        if (value.TryGetValue<JsonElement>(out var element)) return element.GetRawText();
        if (value.TryGetValue<long>(out var l)) return l.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<int>(out var i)) return i.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<double>(out var d)) return JsonNumbers.Format(d);
        if (value.TryGetValue<decimal>(out var m)) return m.ToString(CultureInfo.InvariantCulture);
        return value.ToJsonString();
    }

    /// <summary>Appends <paramref name="s"/> as a JSON string literal with minimal escaping.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            sb.Append(s, start, i - start);
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
            start = i + 1;
        }
        sb.Append(s, start, s.Length - start);
        sb.Append('"');
    }
}
