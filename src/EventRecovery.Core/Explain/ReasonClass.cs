using System.Text;

namespace EventRecovery.Core.Explain;

/// <summary>
/// The class of a failure reason: the reason with the values of one row taken out (quoted text, standalone
/// numbers, the value a condition found, the text a decoder quoted), so that rows failing the same way count
/// as one group. Bounded in length whatever the reason.
/// </summary>
public static class ReasonClass
{
    /// <summary>Longest class kept; a longer one is cut with "...".</summary>
    public const int MaxLength = 400;

    /// <summary>The class of <paramref name="reason"/>.</summary>
    public static string Of(string reason)
    {
        // What follows these is the row's own value, shown for one row and meaningless for a group.
        foreach (var marker in (ReadOnlySpan<string>)[" did not hold: found ", "): "])
        {
            var at = reason.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
                reason = reason[..(at + marker.Length)] + "…";
        }
        var sb = new StringBuilder(Math.Min(reason.Length, MaxLength + 8));
        for (var i = 0; i < reason.Length && sb.Length <= MaxLength; i++)
        {
            var c = reason[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < reason.Length && reason[end] != '"')
                    end += reason[end] == '\\' ? 2 : 1;
                sb.Append("\"…\"");
                i = Math.Min(end, reason.Length);
            }
            else if (char.IsAsciiDigit(c) && (i == 0 || reason[i - 1] is ' ' or '('))
            {
                var end = i;
                while (end < reason.Length && (char.IsAsciiDigit(reason[end]) || reason[end] == '.'))
                    end++;
                if (end == reason.Length || reason[end] is ' ' or ',' or ')' or ';' or ':')
                {
                    sb.Append('N');
                    i = end - 1;
                }
                else
                    sb.Append(c);
            }
            else
                sb.Append(c);
        }
        return sb.Length <= MaxLength ? sb.ToString() : sb.ToString(0, MaxLength - 3) + "...";
    }
}
