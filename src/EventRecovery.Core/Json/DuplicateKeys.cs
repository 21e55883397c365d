using System.Text;
using System.Text.Json;

namespace EventRecovery.Core.Json;

/// <summary>
/// Finds a key that an object of a parsed document holds twice, to name it in a row's failure: the line parser
/// lets duplicates through, and a tree refuses the object only when it is read, with .NET's words and no place.
/// </summary>
public static class DuplicateKeys
{
    /// <summary>
    /// The JSON location (from <c>$</c>, <paramref name="root"/>) and name of a duplicated key, or null when there is
    /// none. Of several, the first in document order whose name <paramref name="hint"/> mentions (the refusal's
    /// message names the key it met), else the first.
    /// </summary>
    public static (string Location, string Key)? Find(JsonElement root, string? hint = null)
    {
        (string, string)? first = null;
        (string, string)? named = null;
        try
        {
            Walk(root, "$", hint, ref first, ref named);
        }
        catch (InvalidOperationException)
        {
            // A key escaping a lone surrogate has no text: nothing more can be named.
        }
        return named ?? first;
    }

    private static void Walk(JsonElement element, string location, string? hint, ref (string, string)? first, ref (string, string)? named)
    {
        if (named is not null)
            return;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = Child(location, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        first ??= (at, property.Name);
                        if (hint is not null && hint.Contains("Key: " + property.Name, StringComparison.Ordinal))
                        {
                            named = (at, property.Name);
                            return;
                        }
                    }
                    Walk(property.Value, at, hint, ref first, ref named);
                }
                return;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    Walk(item, $"{location}[{i++}]", hint, ref first, ref named);
                return;
        }
    }

    private static string Child(string location, string name)
    {
        if (name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            return $"{location}.{name}";
        var sb = new StringBuilder(location).Append('[');
        CompactJson.WriteString(sb, name);
        return sb.Append(']').ToString();
    }
}
