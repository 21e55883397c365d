using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Tests.Payloads;

public class QuerystringTests
{
    [Fact]
    public void Build_encodes_values_with_Java_rules_and_leaves_names_alone()
    {
        var qs = Querystring.Build([
            new("e", "pv"),
            new("page", "Tom & Jerry ~ *"),
            new("url", "https://a.example/p?q=1"),
            new("x y", "é"),
        ]);
        Assert.Equal("e=pv&page=Tom+%26+Jerry+%7E+*&url=https%3A%2F%2Fa.example%2Fp%3Fq%3D1&x y=%C3%A9", qs);
    }

    [Fact]
    public void Build_writes_a_missing_value_as_name_equals() => Assert.Equal("a=&b=", Querystring.Build([new("a", null), new("b", "")]));

    [Fact]
    public void Build_of_no_parameters_is_empty() => Assert.Equal("", Querystring.Build([]));

    [Fact]
    public void Parse_decodes_values_and_keeps_names()
    {
        Assert.Equal(
            [new("e", "pv"), new("b", null), new("c", null), new("", "v"), new("d", "x y z"), new("e", "a=b")],
            Querystring.Parse("e=pv&b=&c&=v&&d=x%20y+z&e=a=b")
        );
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_of_nothing_is_empty(string? qs) => Assert.Empty(Querystring.Parse(qs));

    [Fact]
    public void Parse_of_a_malformed_escape_fails_the_row() => Assert.Throws<RowFailure>(() => Querystring.Parse("a=100%"));

    [Fact]
    public void Build_of_Parse_normalises_to_Java_encoding() =>
        Assert.Equal("q=a+b%7E&n=", Querystring.Build(Querystring.Parse("q=a%20b~&n")));
}
