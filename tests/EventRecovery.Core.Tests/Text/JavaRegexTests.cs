using EventRecovery.Core.Recovery;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Tests.Text;

/// <summary>Java regex syntax and replacement semantics on .NET (expected values checked against Java 17).</summary>
public class JavaRegexTests
{
    private static JavaRegex Regex(string pattern, int timeoutMs = 1000)
    {
        var regex = JavaRegex.TryCreate(pattern, TimeSpan.FromMilliseconds(timeoutMs), out var error);
        Assert.True(regex is not null, error);
        return regex;
    }

    [Theory]
    [InlineData("(?U)^.*$", "^.*$")]
    [InlineData("(?iU)abc", "(?i)abc")]
    [InlineData("(?Ui)abc", "(?i)abc")]
    [InlineData("(?U:\\w+)", "(?:\\w+)")]
    [InlineData("a(?U)b", "ab")]
    [InlineData("(?i)x", "(?i)x")]
    public void The_unicode_flag_is_dropped_and_other_flags_kept(string java, string dotnet) =>
        Assert.Equal(dotnet, JavaRegex.Translate(java));

    [Fact]
    public void Unicode_classes_match_non_ASCII_letters() => Assert.True(Regex("(?U)^\\w+$").IsFound("été"));

    [Fact]
    public void IsFound_is_a_search_not_a_full_match()
    {
        Assert.True(Regex("pl").IsFound("snowplow"));
        Assert.False(Regex("^pl").IsFound("snowplow"));
    }

    [Theory]
    [InlineData("(b)", "[$1]", "a[b]c")]
    [InlineData("(b)", "$10", "ab0c")]
    [InlineData("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "$10", "j")]
    [InlineData("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "$11", "a1")]
    [InlineData("(b)", "\\$1", "a$1c")]
    [InlineData("(b)", "\\\\", "a\\c")]
    [InlineData("(?<x>b)", "<${x}>", "a<b>c")]
    [InlineData("b", "$0$0", "abbc")]
    public void Replacements_follow_Java(string pattern, string replacement, string expected)
    {
        var input = pattern.StartsWith("(a)") ? "abcdefghij" : "abc";
        Assert.Equal(expected, Regex(pattern).ReplaceAll(input, replacement));
    }

    [Theory]
    [InlineData("(b)", "$2", "refers to group 2")]
    [InlineData("(b)", "${x}", "group name")]
    [InlineData("(b)", "$x", "illegal group reference")]
    [InlineData("(b)", "cost: $", "illegal group reference")]
    [InlineData("(b)", "\\", "lone backslash")]
    public void Replacements_Java_refuses_fail_the_row(string pattern, string replacement, string reason) =>
        Assert.Contains(reason, Assert.ThrowsAny<RowFailure>(() => Regex(pattern).ReplaceAll("abc", replacement)).Message);

    [Fact]
    public void A_pattern_that_does_not_compile_gives_an_error()
    {
        Assert.Null(JavaRegex.TryCreate("(", TimeSpan.FromSeconds(1), out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_runaway_search_times_out_with_a_reason()
    {
        var regex = Regex("(a+)+$", timeoutMs: 20);
        var e = Assert.Throws<RegexTimeout>(() => regex.IsFound(new string('a', 5000) + "b"));
        Assert.Contains("/(a+)+$/ exceeded its time limit of 20 ms", e.Message);
    }

    [Fact]
    public void A_runaway_replacement_times_out_too() =>
        Assert.Throws<RegexTimeout>(() => Regex("(a+)+$", timeoutMs: 20).ReplaceAll(new string('a', 5000) + "b", "x"));

    [Theory]
    [InlineData("aid", "aid")]
    [InlineData("com\\.acme/customer/", "com.acme/customer/")]
    [InlineData("\\$\\(x\\)\\[0\\]\\{1\\}\\|\\*\\+\\?\\^\\\\", "$(x)[0]{1}|*+?^\\")]
    [InlineData("\"type\":\"Track\"", "\"type\":\"Track\"")]
    [InlineData("a b#c", "a b#c")]
    [InlineData("", "")]
    [InlineData("a.b", null)]
    [InlineData("^aid$", null)]
    [InlineData("a|b", null)]
    [InlineData("\\d", null)]
    [InlineData("\\Qa.b\\E", null)]
    [InlineData("\\1", null)]
    [InlineData("(?i)aid", null)]
    [InlineData("caf\u00e9", null)]
    [InlineData("a\\", null)]
    public void A_pattern_of_plain_text_is_found_without_a_regex(string pattern, string? literal) =>
        Assert.Equal(literal, JavaRegex.LiteralOf(pattern));

    [Fact]
    public void Plain_text_is_found_where_the_regex_finds_it()
    {
        string[] patterns = ["aid", "com\\.acme/customer/", "-legacy", "\\\"x\\\"", "a\\.b", "ab", "\\/i", "=", ""];
        string[] pieces =
        [
            "a",
            "b",
            "i",
            "d",
            ".",
            "/",
            "com",
            "acme",
            "customer",
            "-",
            "legacy",
            "\"",
            "x",
            "\\",
            "é",
            "😀",
            "=",
            "A",
            "AID",
        ];
        var random = new Random(5);
        foreach (var pattern in patterns)
        {
            var regex = Regex(pattern);
            Assert.NotNull(regex.LiteralUtf8);
            var reference = new System.Text.RegularExpressions.Regex(
                JavaRegex.Translate(pattern),
                System.Text.RegularExpressions.RegexOptions.CultureInvariant
            );
            for (var n = 0; n < 2000; n++)
            {
                var input = string.Concat(Enumerable.Range(0, random.Next(8)).Select(_ => pieces[random.Next(pieces.Length)]));
                var expected = reference.IsMatch(input);
                Assert.True(expected == regex.IsFound(input), $"/{pattern}/ in \"{input}\"");
                Assert.True(expected == regex.IsFound(input.AsSpan()), $"/{pattern}/ in \"{input}\" (span)");
                var utf8 = System.Text.Encoding.UTF8.GetBytes(input);
                Assert.True(expected == (utf8.AsSpan().IndexOf(regex.LiteralUtf8) >= 0), $"/{pattern}/ in the UTF-8 of \"{input}\"");
            }
        }
    }
}
