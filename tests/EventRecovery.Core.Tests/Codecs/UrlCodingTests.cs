using EventRecovery.Core.Codecs;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Tests.Codecs;

/// <summary>Expected texts are what Java's URLEncoder/URLDecoder (UTF-8) give for the same input.</summary>
public class UrlCodingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a b", "a+b")]
    [InlineData("~", "%7E")]
    [InlineData("*-._", "*-._")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData("&=+%/?#", "%26%3D%2B%25%2F%3F%23")]
    [InlineData("{\"a\":1}", "%7B%22a%22%3A1%7D")]
    [InlineData("\u0000\n", "%00%0A")]
    [InlineData("", "")]
    public void Ascii_specials_are_encoded_as_Java_does(string text, string encoded) => Assert.Equal(encoded, UrlCoding.Encode(text));

    [Theory]
    [InlineData("é", "%C3%A9")]
    [InlineData("€ 5", "%E2%82%AC+5")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("a😀b👍🏽", "a%F0%9F%98%80b%F0%9F%91%8D%F0%9F%8F%BD")]
    public void Unicode_is_encoded_as_its_UTF8_bytes(string text, string encoded) => Assert.Equal(encoded, UrlCoding.Encode(text));

    [Theory]
    [InlineData("a+b", "a b")]
    [InlineData("%7e%7E", "~~")]
    [InlineData("%C3%A9t%C3%A9", "été")]
    [InlineData("%F0%9F%98%80", "😀")]
    [InlineData("%2B", "+")]
    [InlineData("no-escapes", "no-escapes")]
    [InlineData("%FF", "\uFFFD")]
    public void Decode_reads_plus_as_space_and_escapes_as_UTF8(string encoded, string text) =>
        Assert.Equal(text, UrlCoding.Decode(encoded));

    [Theory]
    [InlineData("%zz")]
    [InlineData("%4")]
    [InlineData("100%")]
    [InlineData("%%")]
    [InlineData("a%G1")]
    public void Malformed_escapes_fail_the_row(string encoded) =>
        Assert.Contains("malformed URL escape", Assert.Throws<RowFailure>(() => UrlCoding.Decode(encoded)).Message);

    [Theory]
    [InlineData("a b~*é😀&=%")]
    [InlineData("{\"schema\":\"iglu:com.acme/x/jsonschema/1-0-0\",\"data\":{\"q\":\"a+b c\"}}")]
    public void Decode_of_Encode_gives_the_text_back(string text) => Assert.Equal(text, UrlCoding.Decode(UrlCoding.Encode(text)));

    [Theory]
    [InlineData("a+b%3D%3D", "a b==")]
    [InlineData("%C3%A9t%C3%A9", "été")]
    [InlineData("déjà+vu", "déjà vu")] // bytes that need no decoding stay as they are
    [InlineData("%F0%9F%98%80", "😀")]
    [InlineData("", "")]
    public void Decodes_into_UTF8_what_Decode_gives_as_text(string encoded, string text)
    {
        var buffer = new byte[encoded.Length * 3];
        Assert.True(UrlCoding.TryDecodeUtf8(System.Text.Encoding.UTF8.GetBytes(encoded), buffer, out var written));
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(buffer, 0, written));
        Assert.Equal(text, UrlCoding.Decode(encoded));
    }

    [Theory]
    [InlineData("%zz")] // malformed: Decode fails the row
    [InlineData("ab%4")]
    [InlineData("%C3")] // not UTF-8: Decode makes U+FFFD of it
    [InlineData("%C3+%A9")]
    [InlineData("%80abc")]
    public void Leaves_to_Decode_what_is_not_the_UTF8_of_its_text(string encoded) =>
        Assert.False(UrlCoding.TryDecodeUtf8(System.Text.Encoding.UTF8.GetBytes(encoded), new byte[encoded.Length * 3], out _));

    [Fact]
    public void Agrees_with_Decode_on_every_short_value()
    {
        string[] pieces = ["%", "C3", "A9", "4", "+", "a", "é", "%E2%82", "%AC"];
        var agreed = 0;
        foreach (var value in Values(pieces, 4))
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(value);
            var buffer = new byte[utf8.Length];
            string? text;
            try
            {
                text = UrlCoding.Decode(value);
            }
            catch (RowFailure)
            {
                text = null;
            }
            if (UrlCoding.TryDecodeUtf8(utf8, buffer, out var written))
                Assert.Equal(text, System.Text.Encoding.UTF8.GetString(buffer, 0, written));
            else
                Assert.True(text is null || text.Contains('\uFFFD'), value); // what only the text can say
            agreed++;
        }
        Assert.True(agreed > 6000);
    }

    private static IEnumerable<string> Values(string[] pieces, int most)
    {
        IEnumerable<string> level = [""];
        for (var n = 0; n < most; n++)
        {
            level = level.SelectMany(prefix => pieces.Select(p => prefix + p)).ToList();
            foreach (var value in level)
                yield return value;
        }
    }
}
