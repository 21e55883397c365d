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
        if (padded < 0)
            throw Invalid(encoded, "length is not a valid base64 length");
        var illegal = encoded.AsSpan().IndexOfAnyExcept(Alphabet);
        if (illegal >= 0)
            throw Invalid(encoded, $"illegal character '{encoded[illegal]}' at position {illegal}");
        // Map the URL-safe alphabet and add the padding Java's decoder does not require, then decode in one call.
        var text = encoded.AsSpan().IndexOfAny('-', '_') >= 0 ? encoded.Replace('-', '+').Replace('_', '/') : encoded;
        if (padded > len)
            text = text.PadRight(padded, '=');
        var output = new byte[padded / 4 * 3];
        if (!Convert.TryFromBase64String(text, output, out var written))
            throw Invalid(encoded, "malformed padding or data");
        return written == output.Length ? output : output.AsSpan(0, written).ToArray();
    }

    private const string AlphabetText = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_";
    private static readonly SearchValues<char> Alphabet = SearchValues.Create(AlphabetText);
    private static readonly SearchValues<byte> AlphabetBytes = SearchValues.Create(Encoding.ASCII.GetBytes(AlphabetText));

    // Java's decoder takes a missing padding; a length of 4n+1 cannot be base64. -1 for that.
    private static int PaddedLength(int length) =>
        (length % 4) switch
        {
            0 => length,
            2 => length + 2,
            3 => length + 1,
            _ => -1,
        };

    /// <summary>
    /// <see cref="DecodeBytes"/> on the UTF-8 of the encoded text, into <paramref name="buffer"/> (at least
    /// <paramref name="encoded"/>'s length + 3): the bytes, when they are also valid UTF-8 (<see cref="DecodeText"/>
    /// accepts them); false for anything either refuses, which they then name.
    /// </summary>
    internal static bool TryDecodeUtf8Text(ReadOnlySpan<byte> encoded, Span<byte> buffer, out int length)
    {
        length = 0;
        return IsBase64(encoded, out var padded) && TryDecodeInto(encoded, padded, buffer, out length) && Utf8.IsValid(buffer[..length]);
    }

    /// <summary>
    /// <see cref="DecodeBytes"/> on the UTF-8 of the encoded text (a JSON string's bytes, say), without making a
    /// string of it; null for anything it refuses, which <see cref="DecodeBytes"/> then names.
    /// </summary>
    internal static byte[]? TryDecodeBytes(ReadOnlySpan<byte> encoded)
    {
        if (!IsBase64(encoded, out var padded))
            return null;
        // The exact length: the padding (given or missing) takes one byte per '=' off the last group of three.
        var pads =
            padded
            - encoded.Length
            + (
                encoded.EndsWith("=="u8) ? 2
                : encoded.EndsWith("="u8) ? 1
                : 0
            );
        var output = new byte[Math.Max(0, padded / 4 * 3 - pads)];
        return TryDecodeInto(encoded, padded, output, out var length) && length == output.Length ? output : null;
    }

    // A length base64 can have (padded to padded) and only its characters, in either alphabet.
    private static bool IsBase64(ReadOnlySpan<byte> encoded, out int padded)
    {
        padded = PaddedLength(encoded.Length);
        return padded >= 0 && encoded.IndexOfAnyExcept(AlphabetBytes) < 0;
    }

    // What both UTF-8 forms share, on text IsBase64 accepted, into output (at least 3 bytes per 4 of the padded
    // text). Text in the standard alphabet with its padding is decoded where it is; the URL-safe alphabet or missing
    // padding is mended in a copy.
    private static bool TryDecodeInto(ReadOnlySpan<byte> encoded, int padded, Span<byte> output, out int length)
    {
        if (padded == encoded.Length && encoded.IndexOfAny((byte)'-', (byte)'_') < 0)
            return Base64.DecodeFromUtf8(encoded, output, out _, out length) == OperationStatus.Done;
        var rented = ArrayPool<byte>.Shared.Rent(padded);
        try
        {
            var text = rented.AsSpan(0, padded);
            encoded.CopyTo(text);
            text[encoded.Length..].Fill((byte)'=');
            text.Replace((byte)'-', (byte)'+');
            text.Replace((byte)'_', (byte)'/');
            return Base64.DecodeFromUtf8(text, output, out _, out length) == OperationStatus.Done;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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

    private static RowFailure Invalid(string encoded, string why) => new(FailureMessages.NotBase64(why, encoded));

    /// <summary>
    /// <paramref name="s"/>, or its start and "..." within <paramref name="max"/> characters, for messages; never
    /// cut between the two halves of a surrogate pair, which would leave text with no UTF-8 form.
    /// </summary>
    internal static string Abbreviate(string s, int max = 120)
    {
        if (s.Length <= max)
            return s;
        var cut = max - 3;
        if (char.IsHighSurrogate(s[cut - 1]))
            cut--;
        return s[..cut] + "...";
    }
}
