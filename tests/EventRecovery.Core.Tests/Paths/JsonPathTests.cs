using EventRecovery.Core.Paths;

namespace EventRecovery.Core.Tests.Paths;

public class JsonPathTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static JsonPath Parse(string text)
    {
        var path = JsonPath.TryParse(text, Timeout, out var error);
        Assert.True(path is not null, error);
        return path;
    }

    private static string Error(string text)
    {
        Assert.Null(JsonPath.TryParse(text, Timeout, out var error));
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void Fields_are_read_after_the_root()
    {
        var path = Parse("$.raw.parameters.aid");
        Assert.Equal([new FieldSegment("raw"), new FieldSegment("parameters"), new FieldSegment("aid")], path.Segments);
        Assert.Equal("$.raw.parameters.aid", path.ToString());
    }

    [Fact]
    public void The_root_alone_has_no_segments() => Assert.Empty(Parse("$").Segments);

    [Fact]
    public void A_path_without_the_root_sign_is_read_from_the_root() => Assert.Equal(Parse("$.a.b").Segments, Parse("a.b").Segments);

    [Theory]
    [InlineData("$.a[2].b")]
    [InlineData("$.a.[2].b")]
    public void Indexes_are_read_with_or_without_a_dot(string text) =>
        Assert.Equal([new FieldSegment("a"), new IndexSegment(2), new FieldSegment("b")], Parse(text).Segments);

    [Fact]
    public void Field_names_keep_dashes_underscores_colons_and_unicode() =>
        Assert.Equal(
            [new FieldSegment("se-ca_x"), new FieldSegment("iglu:com"), new FieldSegment("clé")],
            Parse("$.se-ca_x.iglu:com.clé").Segments
        );

    [Fact]
    public void A_filter_has_a_sub_path_and_a_regex()
    {
        var path = Parse("$.querystring.[?(@.name=~^ue_p[rx]$)].value");
        var filter = Assert.IsType<FilterSegment>(path.Segments[1]);
        Assert.Equal(["name"], filter.SubPath);
        Assert.Equal("^ue_p[rx]$", filter.Regex.Pattern);
        Assert.Equal(new FieldSegment("value"), path.Segments[2]);
    }

    [Fact]
    public void A_filter_sub_path_may_be_dotted()
    {
        var filter = Assert.IsType<FilterSegment>(Parse("$.data[?(@.data.id=~x-1)]").Segments[1]);
        Assert.Equal(["data", "id"], filter.SubPath);
        Assert.Equal("x-1", filter.Regex.Pattern);
    }

    [Fact]
    public void A_filter_regex_may_hold_parentheses_and_brackets()
    {
        var path = Parse("$.a[?(@.name=~(e|p)[)]x)].b[?(@.id=~1)]");
        var first = Assert.IsType<FilterSegment>(path.Segments[1]);
        Assert.Equal("(e|p)[)]x", first.Regex.Pattern);
        Assert.Equal(new FieldSegment("b"), path.Segments[2]);
        Assert.Equal("1", Assert.IsType<FilterSegment>(path.Segments[3]).Regex.Pattern);
    }

    [Fact]
    public void Two_filters_in_one_path_are_both_read()
    {
        var path = Parse("$.a[?(@.x=~1)].b[?(@.y=~2)].c");
        Assert.Equal(5, path.Segments.Count);
        Assert.Equal("1", Assert.IsType<FilterSegment>(path.Segments[1]).Regex.Pattern);
        Assert.Equal("2", Assert.IsType<FilterSegment>(path.Segments[3]).Regex.Pattern);
    }

    [Theory]
    [InlineData("$.a.", "ends with '.'")]
    [InlineData("$.a[", "not closed")]
    [InlineData("$.a[x]", "neither an index")]
    [InlineData("$.a[-1]", "neither an index")]
    [InlineData("$.a[]", "neither an index")]
    [InlineData("$.a..b", "expected a field name")]
    [InlineData("$a", "unexpected 'a'")]
    [InlineData("$.a b", "unexpected ' '")]
    [InlineData("$.a[?(@.name=~)]", "empty regex")]
    [InlineData("$.a[?(@.name=~x]", "not closed")]
    [InlineData("$.a[?(@.name==x)]", "must look like")]
    [InlineData("$.a[?(@..n=~x)]", "empty field name")]
    [InlineData("$.a[?(@.name=~(x)]", "does not compile")]
    public void Malformed_paths_are_refused_with_a_reason(string text, string reason) => Assert.Contains(reason, Error(text));
}
