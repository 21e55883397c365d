using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;
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
        var padded = PaddedLength(len);
        if (padded < 0) throw Invalid(encoded, "length is not a valid base64 length");
        var illegal = encoded.AsSpan().IndexOfAnyExcept(Alphabet);
        if (illegal >= 0) throw Invalid(encoded, $"illegal character '{encoded[illegal]}' at position {illegal}");
        // Map the URL-safe alphabet and add the padding Java's decoder does not require, then decode in one call.
        var text = encoded.AsSpan().IndexOfAny('-', '_') >= 0 ? encoded.Replace('-', '+').Replace('_', '/') : encoded;
        if (padded > len) text = text.PadRight(padded, '=');
        var output = new byte[padded / 4 * 3];
        if (!Convert.TryFromBase64String(text, output, out var written)) throw Invalid(encoded, "malformed padding or data");
        return written == output.Length ? output : output.AsSpan(0, written).ToArray();
    }

    private const string AlphabetText = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_";
    private static readonly SearchValues<char> Alphabet = SearchValues.Create(AlphabetText);
    private static readonly SearchValues<byte> AlphabetBytes = SearchValues.Create(Encoding.ASCII.GetBytes(AlphabetText));

    // Java's decoder takes a missing padding; a length of 4n+1 cannot be base64. -1 for that.
    private static int PaddedLength(int length) => (length % 4) switch { 0 => length, 2 => length + 2, 3 => length + 1, _ => -1 };

    /// <summary>
    /// <see cref="DecodeBytes"/> on the UTF-8 of the encoded text, into <paramref name="buffer"/> (at least
    /// <paramref name="encoded"/>'s length + 3): the bytes, when they are also valid UTF-8 (<see cref="DecodeText"/>
    /// accepts them); false for anything either refuses, which they then name.
    /// </summary>
    internal static bool TryDecodeUtf8Text(ReadOnlySpan<byte> encoded, Span<byte> buffer, out int length)
    {
        length = 0;
        var padded = PaddedLength(encoded.Length);
        if (padded < 0 || encoded.IndexOfAnyExcept(AlphabetBytes) >= 0) return false;
        var text = buffer[..padded];
        encoded.CopyTo(text);
        text[encoded.Length..].Fill((byte)'=');
        text.Replace((byte)'-', (byte)'+');
        text.Replace((byte)'_', (byte)'/');
        return Base64.DecodeFromUtf8InPlace(text, out length) == OperationStatus.Done && Utf8.IsValid(buffer[..length]);
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
