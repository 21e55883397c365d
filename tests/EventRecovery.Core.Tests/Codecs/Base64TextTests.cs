using System.Text;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Tests.Codecs;

public class Base64TextTests
{
    // Bytes whose standard base64 holds both '+' and '/'.
    private static readonly byte[] Awkward = [0xFB, 0xEF, 0xBE, 0xFF, 0xFE];

    [Fact]
    public void Standard_base64_with_padding_decodes() =>
        Assert.Equal(Awkward, Base64Text.DecodeBytes(Convert.ToBase64String(Awkward)));

    [Fact]
    public void The_url_safe_alphabet_decodes_too()
    {
        var urlSafe = Convert.ToBase64String(Awkward).Replace('+', '-').Replace('/', '_');
        Assert.Contains('-', urlSafe);
        Assert.Contains('_', urlSafe);
        Assert.Equal(Awkward, Base64Text.DecodeBytes(urlSafe));
    }

    [Theory]
    [InlineData("YQ", "a")]
    [InlineData("YWI", "ab")]
    [InlineData("YWJj", "abc")]
    [InlineData("YQ==", "a")]
    [InlineData("", "")]
    public void Missing_padding_is_accepted(string encoded, string text) =>
        Assert.Equal(text, Base64Text.DecodeText(encoded));

    [Fact]
    public void Text_is_decoded_as_UTF8() =>
        Assert.Equal("{\"é\":\"😀\"}", Base64Text.DecodeText(Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"é\":\"😀\"}"))));

    [Theory]
    [InlineData("YWJ*", "illegal character '*'")]
    [InlineData("YW J", "illegal character ' '")]
    [InlineData("YWJjZ", "length")]
    [InlineData("YQ==YQ==", "malformed")]
    public void Invalid_base64_fails_the_row_with_a_reason(string encoded, string reason)
    {
        var e = Assert.Throws<RowFailure>(() => Base64Text.DecodeBytes(encoded));
        Assert.Contains("not valid base64", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_not_text() =>
        Assert.Contains("not valid UTF-8", Assert.Throws<RowFailure>(() => Base64Text.DecodeText(Convert.ToBase64String([0xC3, 0x28]))).Message);

    [Fact]
    public void Encoding_is_standard_base64_with_padding_of_the_UTF8_bytes()
    {
        Assert.Equal("YQ==", Base64Text.EncodeText("a"));
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("ûï¾ÿþ é")), Base64Text.EncodeText("ûï¾ÿþ é"));
    }

    [Fact]
    public void A_long_invalid_value_is_abbreviated_in_the_reason()
    {
        var e = Assert.Throws<RowFailure>(() => Base64Text.DecodeBytes(new string('A', 500) + "*"));
        Assert.True(e.Message.Length < 250, e.Message);
        Assert.EndsWith("...", e.Message);
    }
}
