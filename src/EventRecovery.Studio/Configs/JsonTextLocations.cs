using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventRecovery.Core.Json;

namespace EventRecovery.Studio.Configs;

/// <summary>
/// Where a JSON location of a validation problem (<c>data["iglu:…"][0].steps[2].path</c>, as <c>validate</c> prints it)
/// is in the configuration's text, so the editor can mark the line.
/// </summary>
public static partial class JsonTextLocations
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>
    /// The 1-based line of <paramref name="location"/> in <paramref name="text"/>: the line of its property name or
    /// element, or of its nearest enclosing one that exists; for text that is not JSON, the line where parsing stopped.
    /// Null when nothing can be placed (an empty text, base64).
    /// </summary>
    public static int? LineOf(string text, string location)
    {
        // Like the loader: text that does not open as JSON is read as base64, which has no lines of its own.
        if (text.TrimStart() is not ['{' or '[', ..])
            return null;
        var lines = Lines(text, out var parseErrorLine);
        if (parseErrorLine is not null)
            return parseErrorLine;
        for (var at = location; ; at = Parent(at))
        {
            if (lines.TryGetValue(at, out var line))
                return line;
            if (at.Length == 0)
                return null;
        }
    }

    /// <summary>Every location of the text with its line (the root is <c>""</c>), or the line where the text stops being JSON.</summary>
    private static Dictionary<string, int> Lines(string text, out int? parseErrorLine)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        parseErrorLine = null;
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        // Per open container: its location, and for an array the next element's index.
        var stack = new Stack<(string Location, int NextIndex, bool IsArray)>();
        string? pendingName = null;
        var newlines = new NewlineIndex(bytes);
        try
        {
            while (reader.Read())
            {
                var line = newlines.LineAt(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = At(stack.Peek().Location, reader.GetString()!);
                        map.TryAdd(pendingName, line);
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var here = Here(ref pendingName, stack, line, map);
                        stack.Push((here, 0, reader.TokenType == JsonTokenType.StartArray));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.Pop();
                        continue;
                    default:
                        Here(ref pendingName, stack, line, map);
                        continue;
                }
            }
        }
        catch (JsonException e)
        {
            parseErrorLine = (int)(e.LineNumber ?? 0) + 1;
        }
        return map;
    }

    /// <summary>The location of the value starting here (a property's, an array element's, or the root), noted with its line.</summary>
    private static string Here(
        ref string? pendingName,
        Stack<(string Location, int NextIndex, bool IsArray)> stack,
        int line,
        Dictionary<string, int> map
    )
    {
        string here;
        if (pendingName is not null)
        {
            here = pendingName;
            pendingName = null;
        }
        else if (stack.Count > 0 && stack.Peek().IsArray)
        {
            var (location, next, _) = stack.Pop();
            stack.Push((location, next + 1, true));
            here = $"{location}[{next}]";
            map.TryAdd(here, line);
        }
        else
        {
            here = "";
            map.TryAdd(here, line);
        }
        return here;
    }

    /// <summary>The location of a property, written as the configuration's validation writes it.</summary>
    private static string At(string location, string name)
    {
        if (Identifier().IsMatch(name))
            return location.Length == 0 ? name : $"{location}.{name}";
        var quoted = new StringBuilder();
        CompactJson.WriteString(quoted, name);
        return $"{location}[{quoted}]";
    }

    /// <summary>The enclosing location: <c>a.b[2]</c> → <c>a.b</c> → <c>a</c> → <c>""</c>.</summary>
    private static string Parent(string location)
    {
        if (location.EndsWith(']'))
        {
            // The bracket that opens the last segment: skip a quoted name, whose text may hold brackets.
            var i = location.Length - 2;
            if (location[i] == '"')
            {
                for (i--; i > 0 && !(location[i] == '"' && location[i - 1] == '[' && Escapes(location, i) % 2 == 0); i--) { }
                return i > 0 ? location[..(i - 1)] : "";
            }
            return location[..location.LastIndexOf('[')];
        }
        var dot = location.LastIndexOf('.');
        var bracket = location.LastIndexOf(']');
        return dot > bracket ? location[..dot]
            : bracket >= 0 ? location[..(bracket + 1)]
            : "";
    }

    private static int Escapes(string s, int quote)
    {
        var n = 0;
        for (var i = quote - 1; i >= 0 && s[i] == '\\'; i--)
            n++;
        return n;
    }

    private sealed class NewlineIndex(byte[] bytes)
    {
        private int _offset;
        private int _line = 1;

        /// <summary>The 1-based line of a byte offset; offsets are asked in increasing order.</summary>
        public int LineAt(long offset)
        {
            for (; _offset < offset && _offset < bytes.Length; _offset++)
                if (bytes[_offset] == (byte)'\n')
                    _line++;
            return _line;
        }
    }
}
