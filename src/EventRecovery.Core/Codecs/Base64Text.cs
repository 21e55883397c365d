using System.Buffers;
using System.Buffers.Text;
using System.Text;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Codecs;

/// <summary>
/// Base64 as trackers write it: standard or URL-safe alphabet, padding optional (Java's decoder after the
/// original's <c>-</c>→<c>+</c>, <c>_</c>→<c>/</c> mapping). Encoding is standard with padding.
/// </summary>
public static class Base64Text
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes to bytes, or throws a <see cref="RowFailure"/> naming what is wrong.</summary>
    public static byte[] DecodeBytes(string encoded)
    {
        var len = encoded.Length;
        var padded = (len % 4) switch { 0 => len, 2 => len + 2, 3 => len + 1, _ => -1 };
        if (padded < 0) throw Invalid(encoded, "length is not a valid base64 length");
        var buffer = new byte[padded];
        for (var i = 0; i < len; i++)
        {
            var c = encoded[i];
            buffer[i] = c switch
            {
                '-' => (byte)'+',
                '_' => (byte)'/',
                >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '=' => (byte)c,
                _ => throw Invalid(encoded, $"illegal character '{c}' at position {i}"),
            };
        }
        for (var i = len; i < padded; i++) buffer[i] = (byte)'=';
        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(padded)];
        var status = Base64.DecodeFromUtf8(buffer, output, out _, out var written);
        if (status != OperationStatus.Done) throw Invalid(encoded, "malformed padding or data");
        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes base64 of UTF-8 text.</summary>
    public static string DecodeText(string encoded)
    {
        var bytes = DecodeBytes(encoded);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(encoded, "decoded bytes are not valid UTF-8");
        }
    }

    /// <summary>Standard base64 (with padding) of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string EncodeText(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static RowFailure Invalid(string encoded, string why) =>
        new($"value is not valid base64 ({why}): {Abbreviate(encoded)}");

    /// <summary>
    /// <paramref name="s"/>, or its start and "..." within <paramref name="max"/> characters, for messages; never
    /// cut between the two halves of a surrogate pair, which would leave text with no UTF-8 form.
    /// </summary>
    internal static string Abbreviate(string s, int max = 120)
    {
        if (s.Length <= max) return s;
        var cut = max - 3;
        if (char.IsHighSurrogate(s[cut - 1])) cut--;
        return s[..cut] + "...";
    }
}
