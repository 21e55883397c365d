using System.Text;
using System.Text.RegularExpressions;
using EventRecovery.Core.Verification;

namespace EventRecovery.Core.Tests.Verification;

/// <summary>The path reading that picks Enrich's adapter, against the regular expression it stands for.</summary>
public class AdapterRouteTests
{
    private static readonly Regex Expression = new("^/?([^/]+)/([^/]+)/?$");

    private static string? Read(string path)
    {
        var utf8 = Encoding.UTF8.GetBytes(path);
        return AdapterRoute.TryRead(utf8, out var vendor, out var version)
            ? $"{Encoding.UTF8.GetString(utf8[vendor])}|{Encoding.UTF8.GetString(utf8[version])}"
            : null;
    }

    private static string? ReadByExpression(string path) =>
        Expression.Match(path) is { Success: true } m ? $"{m.Groups[1].Value}|{m.Groups[2].Value}" : null;

    [Theory]
    [InlineData("/com.snowplowanalytics.snowplow/tp2", "com.snowplowanalytics.snowplow|tp2")]
    [InlineData("com.acme/v1/", "com.acme|v1")]
    [InlineData("/i", null)]
    [InlineData("/a/b/c", null)]
    [InlineData("//a/b", null)]
    [InlineData("/a//", null)]
    [InlineData("/a/b\n", "a|b\n")] // a segment may hold a newline
    [InlineData("/a/b/\n", "a|b")] // $ matches before a final newline
    [InlineData("/a/b/\n\n", null)]
    [InlineData("/é/ü", "é|ü")]
    public void Reads_vendor_and_version(string path, string? expected)
    {
        Assert.Equal(expected, ReadByExpression(path)); // the table is the expression's reading
        Assert.Equal(expected, Read(path));
    }

    [Fact]
    public void Reads_every_short_path_as_the_expression_does()
    {
        char[] alphabet = ['/', 'a', '\n', 'é'];
        var checkedPaths = 0;
        for (var length = 0; length <= 7; length++)
        {
            var count = (int)Math.Pow(alphabet.Length, length);
            for (var n = 0; n < count; n++)
            {
                var chars = new char[length];
                for (int i = 0, k = n; i < length; i++, k /= alphabet.Length)
                    chars[i] = alphabet[k % alphabet.Length];
                var path = new string(chars);
                Assert.True(ReadByExpression(path) == Read(path), $"{JsonEscaped(path)}: {ReadByExpression(path)} != {Read(path)}");
                checkedPaths++;
            }
        }
        Assert.Equal(21845, checkedPaths);
    }

    private static string JsonEscaped(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
