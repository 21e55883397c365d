using System.Text;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Paths;

/// <summary>
/// A path into a bad row or its payload: <c>$.a.b</c>, <c>[n]</c> and <c>[?(@.field=~regex)]</c> segments.
/// Parsed once when the configuration loads.
/// </summary>
public sealed class JsonPath
{
    /// <summary>The path as written in the configuration.</summary>
    public string Text { get; }

    /// <summary>The parsed segments; empty for <c>$</c> (the root itself).</summary>
    public IReadOnlyList<PathSegment> Segments { get; }

    private JsonPath(string text, IReadOnlyList<PathSegment> segments)
    {
        Text = text;
        Segments = segments;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>; returns <c>null</c> and an explanation when it is not a valid path.</summary>
    public static JsonPath? TryParse(string text, TimeSpan regexTimeout, out string? error)
    {
        var segments = new List<PathSegment>();
        var i = 0;
        if (text.StartsWith('$'))
            i = 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                i++;
                if (i >= text.Length)
                    return Fail(out error, $"path ends with '.' at position {i}");
                if (text[i] == '[')
                    continue; // ".[0]" and ".[?(...)]" are accepted as in the original
                var start = i;
                while (i < text.Length && IsNameChar(text[i]))
                    i++;
                if (i == start)
                    return Fail(out error, $"expected a field name at position {start}, found '{text[start]}'");
                segments.Add(new FieldSegment(text[start..i]));
            }
            else if (c == '[')
            {
                if (text.AsSpan(i).StartsWith("[?(@."))
                {
                    var filter = ParseFilter(text, ref i, regexTimeout, out error);
                    if (filter is null)
                        return null;
                    segments.Add(filter);
                }
                else
                {
                    var close = text.IndexOf(']', i);
                    if (close < 0)
                        return Fail(out error, $"'[' at position {i} is not closed");
                    var inner = text[(i + 1)..close];
                    if (inner.Length == 0 || !inner.All(char.IsAsciiDigit) || !int.TryParse(inner, out var index))
                        return Fail(out error, $"'[{inner}]' at position {i} is neither an index [n] nor a filter [?(@.field=~regex)]");
                    segments.Add(new IndexSegment(index));
                    i = close + 1;
                }
            }
            else if (segments.Count == 0 && i == 0 && IsNameChar(c))
            {
                // "a.b" without "$." is read as "$.a.b".
                var start = i;
                while (i < text.Length && IsNameChar(text[i]))
                    i++;
                segments.Add(new FieldSegment(text[start..i]));
            }
            else
            {
                return Fail(out error, $"unexpected '{c}' at position {i}");
            }
        }
        error = null;
        return new JsonPath(text, segments);
    }

    private static FilterSegment? ParseFilter(string text, ref int i, TimeSpan regexTimeout, out string? error)
    {
        var at = i;
        var p = i + "[?(@.".Length;
        var start = p;
        while (p < text.Length && (char.IsAsciiLetterOrDigit(text[p]) || text[p] is '.' or '_' or '-'))
            p++;
        if (p == start || !text.AsSpan(p).StartsWith("=~"))
        {
            error = $"filter at position {at} must look like [?(@.field=~regex)]";
            return null;
        }
        var subPath = text[start..p].Split('.');
        if (subPath.Any(s => s.Length == 0))
        {
            error = $"filter at position {at} has an empty field name in '@.{text[start..p]}'";
            return null;
        }
        p += 2;
        // The regex runs to the ")]" that ends the segment: the one followed by the end, '.' or '['.
        var end = -1;
        for (var k = text.IndexOf(")]", p, StringComparison.Ordinal); k >= 0; k = text.IndexOf(")]", k + 1, StringComparison.Ordinal))
        {
            var after = k + 2;
            if (after == text.Length || text[after] is '.' or '[')
            {
                end = k;
                break;
            }
        }
        if (end < 0)
        {
            error = $"filter at position {at} is not closed with ')]'";
            return null;
        }
        var pattern = text[p..end];
        if (pattern.Length == 0)
        {
            error = $"filter at position {at} has an empty regex";
            return null;
        }
        var regex = JavaRegex.TryCreate(pattern, regexTimeout, out var regexError);
        if (regex is null)
        {
            error = $"filter regex /{pattern}/ does not compile: {regexError}";
            return null;
        }
        i = end + 2;
        error = null;
        return new FilterSegment(subPath, regex);
    }

    private static bool IsNameChar(char c) => c is not ('.' or '[' or ']') && !char.IsWhiteSpace(c);

    private static JsonPath? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }

    /// <summary>Text of the first <paramref name="count"/> segments, for messages.</summary>
    internal string Prefix(int count)
    {
        var sb = new StringBuilder("$");
        for (var k = 0; k < count && k < Segments.Count; k++)
            sb.Append(Segments[k]);
        return sb.ToString();
    }
}
