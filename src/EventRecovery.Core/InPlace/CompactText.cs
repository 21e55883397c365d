using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// The compact JSON text of a string in the line (what <see cref="Json.CompactJson"/> prints: the string quoted,
/// escaping only quotes, backslashes and control characters), read from the line's bytes. A JSON string without a
/// backslash holds none of those, so its bytes with their quotes are exactly that text.
/// </summary>
internal static class CompactText
{
    private const int OnStack = 256;

    /// <summary>
    /// Whether <paramref name="regex"/> is found in the compact text of the string <paramref name="value"/>; null
    /// when the string holds an escape (the caller then prints it the usual way).
    /// </summary>
    public static bool? TryMatch(JsonElement value, JavaRegex regex)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value); // quotes included
        if (raw.IndexOf((byte)'\\') >= 0)
            return null;
        // ASCII text is found in UTF-8 bytes exactly where it is found in their characters.
        if (regex.LiteralUtf8 is { } literal)
            return raw.IndexOf(literal) >= 0;
        char[]? rented = null;
        var chars = raw.Length <= OnStack ? stackalloc char[OnStack] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(raw, chars);
            return regex.IsFound(chars[..n]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Whether the string <paramref name="value"/> is <paramref name="expected"/> (UTF-8); null when it holds an escape.</summary>
    public static bool? TryEquals(JsonElement value, ReadOnlySpan<byte> expected)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.IndexOf((byte)'\\') >= 0)
            return null;
        return raw[1..^1].SequenceEqual(expected);
    }
}
