using System.Text;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Tests.Codecs;

public class Base64TextTests
{
    // Bytes whose standard base64 holds both '+' and '/'.
    private static readonly byte[] Awkward = [0xFB, 0xEF, 0xBE, 0xFF, 0xFE];

    [Fact]
    public void Standard_base64_with_padding_decodes() => Assert.Equal(Awkward, Base64Text.DecodeBytes(Convert.ToBase64String(Awkward)));

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
    public void Missing_padding_is_accepted(string encoded, string text) => Assert.Equal(text, Base64Text.DecodeText(encoded));

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
        Assert.Contains(
            "not valid UTF-8",
            Assert.Throws<RowFailure>(() => Base64Text.DecodeText(Convert.ToBase64String([0xC3, 0x28]))).Message
        );

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

    // Text near the edges of base64: every length up to 4 groups, padding in and out of place, both alphabets, a
    // stray character now and then.
    private static string RandomBase64Like(Random random)
    {
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
        var text = new StringBuilder();
        var length = random.Next(17);
        for (var i = 0; i < length; i++)
            text.Append(
                random.Next(40) switch
                {
                    0 => '=',
                    1 => '*',
                    _ => chars[random.Next(chars.Length)],
                }
            );
        if (random.Next(3) == 0)
            text.Append('=', random.Next(1, 3));
        return text.ToString();
    }

    [Fact]
    public void Decoding_the_UTF8_of_the_text_gives_what_the_text_gives()
    {
        var random = new Random(7);
        var (decoded, refused, canonical) = (0, 0, 0);
        for (var n = 0; n < 50_000; n++)
        {
            var text = RandomBase64Like(random);
            byte[]? expected;
            try
            {
                expected = Base64Text.DecodeBytes(text);
            }
            catch (RowFailure)
            {
                expected = null;
            }
            var actual = Base64Text.TryDecodeBytes(Encoding.UTF8.GetBytes(text));
            // Null from the UTF-8 form means "ask the text", which decodes or names the reason. It is strict where the
            // text is not (bits left over in the last character, "eU=="), so null is right there too.
            Assert.True(actual is null || (expected is not null && actual.AsSpan().SequenceEqual(expected)), text);
            if (expected is null)
                refused++;
            else
                decoded++;
            // What encoders write (no bits left over) is always decoded from UTF-8.
            if (
                expected is not null
                && Convert.ToBase64String(expected).TrimEnd('=') == text.Replace('-', '+').Replace('_', '/').TrimEnd('=')
            )
            {
                Assert.NotNull(actual);
                canonical++;
            }
        }
        Assert.True(
            decoded > 5_000 && refused > 5_000 && canonical > 2_000,
            $"{decoded} decoded ({canonical} canonical), {refused} refused"
        );
    }

    [Fact]
    public void Decoding_UTF8_text_into_a_buffer_gives_what_the_text_gives()
    {
        var random = new Random(11);
        for (var n = 0; n < 20_000; n++)
        {
            var text =
                random.Next(2) == 0 ? RandomBase64Like(random) : Convert.ToBase64String(Encoding.UTF8.GetBytes(RandomBase64Like(random)));
            string? expected;
            try
            {
                expected = Base64Text.DecodeText(text);
            }
            catch (RowFailure)
            {
                expected = null;
            }
            var buffer = new byte[text.Length + 3];
            var ok = Base64Text.TryDecodeUtf8Text(Encoding.UTF8.GetBytes(text), buffer, out var length);
            Assert.True(!ok || Encoding.UTF8.GetString(buffer, 0, length) == expected, text);
        }
    }
}
