using EventRecovery.Core.Payloads;

namespace EventRecovery.Core.Tests.Payloads;

/// <summary>
/// The repair of a querystring Enrich could not read: invalid characters percent-encoded, valid escapes kept, and
/// the values URL-decoded so that rebuilding encodes them exactly once.
/// </summary>
public class QuerystringRepairTests
{
    [Theory]
    [InlineData("abc-._~", "abc-._~")]
    [InlineData(":/#[]@!$&'()*+,;=", ":/#[]@!$&'()*+,;=")]
    [InlineData("%41%7e", "%41%7e")]
    [InlineData("a b", "a+b")]
    [InlineData("a|b^c\"{}<>\\`", "a%7Cb%5Ec%22%7B%7D%3C%3E%5C%60")]
    [InlineData("50%", "50%25")]
    [InlineData("%zz", "%25zz")]
    [InlineData("é😀", "%C3%A9%F0%9F%98%80")]
    public void Clean_percent_encodes_only_what_a_querystring_may_not_hold(string value, string cleaned) =>
        Assert.Equal(cleaned, QuerystringRepair.Clean(value));

    [Fact]
    public void Parse_repairs_and_decodes_each_value()
    {
        Assert.Equal(
            [new("e", "pv"), new("url", "http://a.example/x y|z"), new("pct", "50%"), new("ok", "A~")],
            QuerystringRepair.Parse("e=pv&url=http://a.example/x y|z&pct=50%&ok=%41%7E")
        );
    }

    [Fact]
    public void A_plus_in_the_raw_querystring_is_a_space() => Assert.Equal([new NameValue("q", "a b")], QuerystringRepair.Parse("q=a+b"));

    [Fact]
    public void Reading_stops_at_the_first_piece_without_equals() =>
        Assert.Equal([new NameValue("a", "1")], QuerystringRepair.Parse("a=1&broken&c=3"));

    [Fact]
    public void A_repeated_name_keeps_its_first_position_and_its_last_value() =>
        Assert.Equal([new NameValue("a", "3"), new NameValue("b", "2")], QuerystringRepair.Parse("a=1&b=2&a=3"));

    [Fact]
    public void A_value_may_hold_equals_signs_and_be_empty() =>
        Assert.Equal([new NameValue("a", "b=c"), new NameValue("e", "")], QuerystringRepair.Parse("a=b=c&e="));

    [Theory]
    [InlineData("")]
    [InlineData("noequals")]
    [InlineData("&a=1")]
    public void Nothing_readable_gives_no_parameters(string qs) => Assert.Empty(QuerystringRepair.Parse(qs));

    [Fact]
    public void Rebuilding_the_repaired_parameters_gives_a_valid_querystring() =>
        Assert.Equal(
            "e=pv&url=http%3A%2F%2Fa.example%2Fx+y%7Cz&pct=50%25",
            Querystring.Build(QuerystringRepair.Parse("e=pv&url=http://a.example/x y|z&pct=50%"))
        );
}
