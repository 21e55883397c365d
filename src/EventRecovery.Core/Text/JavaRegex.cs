using System.Text;
using System.Text.RegularExpressions;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Text;

/// <summary>
/// A regular expression written for the original (Java syntax), compiled once for .NET with a match timeout.
/// The dialects agree on everything recovery configs use in practice; the differences handled here are Java's
/// <c>(?U)</c> flag (Unicode character classes, which .NET always has) and Java's replacement syntax
/// (<c>\$</c> for a literal dollar).
/// </summary>
public sealed class JavaRegex
{
    private readonly Regex _regex;

    /// <summary>The pattern as written in the configuration.</summary>
    public string Pattern { get; }

    /// <summary>
    /// The text the pattern matches when it is plain ASCII text (escaped punctuation allowed, e.g.
    /// <c>com\.acme/</c>): finding it needs no regex. Null for any other pattern.
    /// </summary>
    private readonly string? _literal;

    /// <summary><see cref="_literal"/> as UTF-8 (ASCII), to find in a line's bytes.</summary>
    internal byte[]? LiteralUtf8 { get; }

    private JavaRegex(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
        _literal = LiteralOf(pattern);
        LiteralUtf8 = _literal is null ? null : Encoding.ASCII.GetBytes(_literal);
    }

    /// <summary>
    /// The text a pattern of printable ASCII matches, when it has no regex syntax but escaped punctuation; else null.
    /// Java and .NET both read a backslash before punctuation as that character itself.
    /// </summary>
    internal static string? LiteralOf(string pattern)
    {
        var text = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c is < ' ' or > '~')
                return null;
            if (c == '\\')
            {
                if (i + 1 == pattern.Length || pattern[i + 1] is < '!' or > '~' || char.IsAsciiLetterOrDigit(pattern[i + 1]))
                    return null; // \d, \1, \Q…
                text.Append(pattern[++i]);
            }
            else if (c is '^' or '$' or '.' or '|' or '?' or '*' or '+' or '(' or ')' or '[' or ']' or '{' or '}')
                return null;
            else
                text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>Compiles <paramref name="pattern"/>; returns an error message instead of throwing.</summary>
    public static JavaRegex? TryCreate(string pattern, TimeSpan timeout, out string? error)
    {
        try
        {
            var regex = new Regex(Translate(pattern), RegexOptions.CultureInvariant, timeout);
            error = null;
            return new JavaRegex(pattern, regex);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Whether the pattern occurs anywhere in <paramref name="input"/> (Java's <c>find</c>).</summary>
    public bool IsFound(string input)
    {
        if (_literal is not null)
            return input.Contains(_literal, StringComparison.Ordinal);
        try
        {
            return _regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            throw TimedOut();
        }
    }

    /// <summary><see cref="IsFound(string)"/> on characters that are not a string (yet).</summary>
    public bool IsFound(ReadOnlySpan<char> input)
    {
        if (_literal is not null)
            return input.IndexOf(_literal.AsSpan(), StringComparison.Ordinal) >= 0;
        try
        {
            return _regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            throw TimedOut();
        }
    }

    /// <summary>Replaces every occurrence, with a replacement in Java syntax (<c>$1</c>, <c>${name}</c>, <c>\$</c>).</summary>
    public string ReplaceAll(string input, string javaReplacement)
    {
        try
        {
            return _regex.Replace(input, TranslateReplacement(javaReplacement, _regex));
        }
        catch (RegexMatchTimeoutException)
        {
            throw TimedOut();
        }
    }

    private RegexTimeout TimedOut() => new(FailureMessages.RegexTimedOut(Pattern, _regex.MatchTimeout));

    /// <summary>Java pattern → .NET pattern.</summary>
    internal static string Translate(string pattern)
    {
        // (?U) and the U in combined flag groups such as (?iU) or (?U:…) have no .NET counterpart and no
        // effect there: .NET classes are Unicode-aware already.
        return Regex.Replace(pattern, @"\(\?([a-zA-Z]*)U([a-zA-Z]*)(\)|:)", m =>
        {
            var flags = m.Groups[1].Value + m.Groups[2].Value;
            var close = m.Groups[3].Value;
            if (flags.Length == 0)
                return close == ")" ? "" : "(?:";
            return "(?" + flags + close;
        });
    }

    /// <summary>
    /// Java replacement → .NET replacement, read as Java's <c>Matcher.appendReplacement</c> reads it: <c>$n</c> takes
    /// as many digits as still name a group of <paramref name="regex"/> (with one group, <c>$10</c> is group 1 then
    /// "0"), and a reference to a group the regex does not have fails the row, where .NET would copy it literally.
    /// </summary>
    internal static string TranslateReplacement(string java, Regex regex)
    {
        var groups = regex.GetGroupNumbers().Max();
        var sb = new StringBuilder(java.Length + 4);
        for (var i = 0; i < java.Length; i++)
        {
            var c = java[i];
            if (c == '\\')
            {
                if (i + 1 >= java.Length)
                    throw new RowFailure(FailureMessages.Replacement(java, "ends with a lone backslash"));
                var next = java[++i];
                sb.Append(next == '$' ? "$$" : next.ToString());
            }
            else if (c == '$' && i + 1 < java.Length && char.IsAsciiDigit(java[i + 1]))
            {
                var number = java[++i] - '0';
                if (number > groups)
                    throw new RowFailure(FailureMessages.Replacement(java, $"refers to group {number}, but the regex has {groups}"));
                while (i + 1 < java.Length && char.IsAsciiDigit(java[i + 1]) && number * 10 + (java[i + 1] - '0') <= groups)
                    number = number * 10 + (java[++i] - '0');
                sb.Append("${").Append(number).Append('}');
            }
            else if (c == '$' && i + 1 < java.Length && java[i + 1] == '{')
            {
                var close = java.IndexOf('}', i + 2);
                var name = close < 0 ? null : java[(i + 2)..close];
                if (name is null || regex.GroupNumberFromName(name) < 0)
                    throw new RowFailure(
                        FailureMessages.Replacement(java, $"refers to a group name the regex does not have at position {i}")
                    );
                sb.Append("${").Append(name).Append('}');
                i = close;
            }
            else if (c == '$')
            {
                throw new RowFailure(FailureMessages.Replacement(java, $"has an illegal group reference at position {i}"));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
