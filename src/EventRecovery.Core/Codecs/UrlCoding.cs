using System.Buffers;
using System.Text;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Codecs;

/// <summary>
/// URL encoding exactly as Java's <c>URLEncoder</c>/<c>URLDecoder</c> with UTF-8 do it, which is what the
/// original used to rebuild querystrings: space → <c>+</c>; <c>a-zA-Z0-9 . - * _</c> kept; every other
/// byte as upper-case <c>%XX</c> (so <c>~</c> → <c>%7E</c>).
/// </summary>
public static class UrlCoding
{
    /// <summary>Java <c>URLEncoder.encode(s, UTF-8)</c>.</summary>
    public static string Encode(string s)
    {
        // Most values are mostly kept characters: find the first one that is not, and copy runs in bulk.
        var first = s.AsSpan().IndexOfAnyExcept(Kept);
        if (first < 0)
            return s;
        var sb = new StringBuilder(s.Length + 16).Append(s, 0, first);
        for (var i = first; i < s.Length; i++)
        {
            var run = s.AsSpan(i).IndexOfAnyExcept(Kept);
            if (run != 0)
            {
                var end = run < 0 ? s.Length : i + run;
                sb.Append(s, i, end - i);
                i = end - 1;
                continue;
            }
            if (s[i] == ' ')
            {
                sb.Append('+');
                continue;
            }
            // Encode the whole run of characters that need it, so surrogate pairs stay together.
            var start = i;
            while (i + 1 < s.Length && !IsKept(s[i + 1]) && s[i + 1] != ' ')
                i++;
            foreach (var b in Encoding.UTF8.GetBytes(s.Substring(start, i - start + 1)))
                sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
        }
        return sb.ToString();
    }

    /// <summary>
    /// <see cref="Encode"/> over the UTF-8 bytes of a value, into <paramref name="destination"/> (at least three
    /// times the input's length); returns the bytes written. The same text as <see cref="Encode"/> gives for
    /// the string those bytes hold.
    /// </summary>
    public static int EncodeUtf8(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        var written = 0;
        while (utf8.Length > 0)
        {
            var run = utf8.IndexOfAnyExcept(KeptBytes);
            if (run < 0)
                run = utf8.Length;
            utf8[..run].CopyTo(destination[written..]);
            written += run;
            utf8 = utf8[run..];
            // Then every byte that is not kept, up to the next kept one.
            while (utf8.Length > 0 && !KeptBytes.Contains(utf8[0]))
            {
                var b = utf8[0];
                if (b == (byte)' ')
                {
                    destination[written++] = (byte)'+';
                }
                else
                {
                    destination[written++] = (byte)'%';
                    destination[written++] = (byte)Hex[b >> 4];
                    destination[written++] = (byte)Hex[b & 0xF];
                }
                utf8 = utf8[1..];
            }
        }
        return written;
    }

    private static readonly SearchValues<byte> KeptBytes = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_"u8
    );

    private static readonly SearchValues<char> Kept = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_"
    );

    /// <summary>Java <c>URLDecoder.decode(s, UTF-8)</c>; malformed escapes are a row failure, as Java throws.</summary>
    public static string Decode(string s)
    {
        if (s.IndexOf('%') < 0 && s.IndexOf('+') < 0)
            return s;
        var sb = new StringBuilder(s.Length);
        // A run of escapes holds at most a third of the text's length in bytes, and decodes to no more characters.
        var most = s.Length / 3 + 1;
        var rentedBytes = ArrayPool<byte>.Shared.Rent(most);
        var rentedChars = ArrayPool<char>.Shared.Rent(most);
        try
        {
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c == '+')
                {
                    sb.Append(' ');
                    continue;
                }
                if (c != '%')
                {
                    sb.Append(c);
                    continue;
                }
                var n = 0;
                while (i < s.Length && s[i] == '%')
                {
                    if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2]))
                        throw new RowFailure(FailureMessages.MalformedUrlEscape(i, s));
                    rentedBytes[n++] = (byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]));
                    i += 3;
                }
                i--;
                // Invalid UTF-8 becomes U+FFFD, as Java's decoder makes it.
                var chars = Encoding.UTF8.GetChars(rentedBytes.AsSpan(0, n), rentedChars);
                sb.Append(rentedChars.AsSpan(0, chars));
            }
            return sb.ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rentedBytes);
            ArrayPool<char>.Shared.Return(rentedChars);
        }
    }

    /// <summary>
    /// <see cref="Decode"/> over the UTF-8 of a value, into <paramref name="destination"/> (at least the input's length):
    /// the UTF-8 of the string <see cref="Decode"/> makes. False where that string would not be those bytes' text, a
    /// malformed escape (a row failure there) or escapes that are not UTF-8 (U+FFFD there): the caller decodes the text.
    /// </summary>
    public static bool TryDecodeUtf8(ReadOnlySpan<byte> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        var i = 0;
        while (i < encoded.Length)
        {
            var next = encoded[i..].IndexOfAny((byte)'%', (byte)'+');
            var end = next < 0 ? encoded.Length : i + next;
            encoded[i..end].CopyTo(destination[written..]);
            written += end - i;
            i = end;
            if (i == encoded.Length)
                return true;
            if (encoded[i] == '+')
            {
                destination[written++] = (byte)' ';
                i++;
                continue;
            }
            var run = written;
            while (i < encoded.Length && encoded[i] == '%')
            {
                if (i + 2 >= encoded.Length || !char.IsAsciiHexDigit((char)encoded[i + 1]) || !char.IsAsciiHexDigit((char)encoded[i + 2]))
                    return false;
                destination[written++] = (byte)((HexValue((char)encoded[i + 1]) << 4) | HexValue((char)encoded[i + 2]));
                i += 3;
            }
            if (!System.Text.Unicode.Utf8.IsValid(destination[run..written]))
                return false;
        }
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool IsKept(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-' or '*' or '_';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private const string Hex = "0123456789ABCDEF";
}
