using System.Text;
using System.Text.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Tests.Paths;

/// <summary>
/// Decoding a layer from the line's bytes (<see cref="CodecLayer.TryDecodeDocument"/>) must give the document the
/// text way (<see cref="CodecLayer.DecodeDocument"/>) gives, or leave the value to it: never accept what it refuses.
/// </summary>
public class CodecLayerBytesTests
{
    private static readonly JsonPath Path = JsonPath.TryParse("$.raw.parameters.cx.data", TimeSpan.FromSeconds(1), out _)!;

    public static TheoryData<string> Base64Cases() =>
        new()
        {
            "eyJhIjoxfQ==",
            "eyJhIjoxfQ",
            "eyJhIjoxfQ=",
            "eyJhIjoxf",
            "eyJhIjoxfR==",
            "eyJhIjoxfQ==\\/",
            "ey JhIjoxfQ==",
            "eyJh=IjoxfQ==",
            "",
            "=",
            "e",
            "ey",
            "e30",
            "e30=",
            "e31=",
            "W10",
            "W1-",
            "W1_",
            "-_-_",
            "e30\\u003d",
            "77u_e30",
            "eyJhIjoiw6kifQ",
            "eyJhIjoi_w",
            "eyJhIjoiwyJ9",
        };

    [Theory]
    [MemberData(nameof(Base64Cases))]
    public void Base64_from_bytes_decides_as_the_text_way(string value) => AssertSameAsText(CodecLayer.Base64Json, value);

    public static TheoryData<string> JsonTextCases() =>
        new()
        {
            "{\"a\":1}",
            "{\"a\":\"\\u00e9\"}",
            "{\"a\":\"\\ud83d\\ude00\"}",
            "{\"a\":\"\\ud800\"}",
            "{\"a\":1",
            "",
            " {} ",
            "[1,2]",
            "{\"a\":1,\"a\":2}",
            "{\"a\\\\b\":\"x\\ny\"}",
            "\"s\"",
            "{\"é\":\"ü\"}",
        };

    [Fact]
    public void Escaped_surrogates_decide_as_the_text_way()
    {
        // Real surrogates in the value, which the line holds escaped: a pair, and lone halves (no UTF-8 form). Not
        // theory data: test discovery would carry a lone surrogate over as U+FFFD.
        foreach (var value in new[] { "{\"a\":\"\ud83d\ude00\"}", "{\"a\":\"\ud800\"}", "{\"a\":\"\udc00x\"}" })
            AssertSameAsText(CodecLayer.JsonText, value);
    }

    [Theory]
    [MemberData(nameof(JsonTextCases))]
    public void Json_text_from_bytes_decides_as_the_text_way(string value) => AssertSameAsText(CodecLayer.JsonText, value);

    [Fact]
    public void Random_base64_and_json_text_decide_as_the_text_way()
    {
        var random = new Random(7);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_";
        string[] jsons = ["{}", "[]", "{\"a\":1}", "{\"schema\":\"iglu:x\",\"data\":[{\"k\":\"é\"}]}", "{\"a\":\"b\\\"c\"}", "1", "null"];
        for (var n = 0; n < 20_000; n++)
        {
            string value;
            var json = jsons[random.Next(jsons.Length)];
            switch (random.Next(4))
            {
                case 0: // random characters of the alphabet
                    value = new string(Enumerable.Range(0, random.Next(12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                    break;
                case 1: // valid base64 of JSON, perhaps URL-safe, unpadded, with a character changed
                    var b = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
                    if (random.Next(2) == 0)
                        b = b.TrimEnd('=');
                    if (random.Next(2) == 0)
                        b = b.Replace('+', '-').Replace('/', '_');
                    if (b.Length > 0 && random.Next(3) == 0)
                    {
                        var at = random.Next(b.Length);
                        b = b[..at] + alphabet[random.Next(alphabet.Length)] + b[(at + 1)..];
                    }
                    value = b;
                    break;
                case 2: // base64 of random bytes (often not UTF-8, rarely JSON)
                    var bytes = new byte[random.Next(1, 6)];
                    random.NextBytes(bytes);
                    value = Convert.ToBase64String(bytes);
                    break;
                default:
                    value = json;
                    break;
            }
            AssertSameAsText(CodecLayer.Base64Json, value);
            AssertSameAsText(CodecLayer.JsonText, value);
        }
    }

    private static void AssertSameAsText(CodecLayer layer, string value)
    {
        var quoted = Quoted(value);
        string? expected;
        try
        {
            using var document = layer.DecodeDocument(value, JsonValueKind.String, Path, 3);
            expected = document.RootElement.GetRawText();
        }
        catch (Exception e) when (e is RowFailure or ArgumentException)
        {
            // ArgumentException: text with a lone surrogate has no UTF-8 (a line holding one is recovered on a tree).
            expected = null;
        }
        using var fast = layer.TryDecodeDocument(quoted, out var rented);
        if (fast is null)
        {
            Assert.Null(rented);
            return;
        }
        Assert.NotNull(rented);
        Assert.True(expected is not null, $"{layer.Name}: decoded '{value}' from its bytes, which the text way refuses");
        Assert.Equal(expected, fast.RootElement.GetRawText());
        System.Buffers.ArrayPool<byte>.Shared.Return(rented!);
    }

    /// <summary>The JSON string of <paramref name="value"/> as a line may hold it: surrogates escaped, lone ones too.</summary>
    private static byte[] Quoted(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20 || char.IsSurrogate(c))
                sb.Append($"\\u{(int)c:x4}");
            else
                sb.Append(c);
        }
        return Encoding.UTF8.GetBytes(sb.Append('"').ToString());
    }
}
