using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EventRecovery.Job.Iglu;

/// <summary>
/// The JSON Schema <c>date-time</c> format (RFC 3339) exactly as JsonSchema.Net 8 checks it, read on the value's UTF-8:
/// <c>YYYY-MM-DD</c>, <c>T</c>, <c>t</c>, <c>_</c> or a space, <c>hh:mm:ss</c>, an optional fraction, then <c>Z</c>,
/// <c>z</c> or <c>±hh:mm</c> (its expression also takes one newline after the end); a real day of a real month, a time
/// of day, and a leap second only where it is 23:59:60 in UTC.
/// </summary>
internal static class DateTimeFormat
{
    /// <summary>Whether a string instance is a valid date-time.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is 0000 (JsonSchema.Net fails there the same way).</exception>
    public static bool IsValid(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text)[1..^1];
        return raw.IndexOf((byte)'\\') < 0 ? IsValid(raw) : IsValid(Encoding.UTF8.GetBytes(text.GetString()!));
    }

    private static bool IsValid(ReadOnlySpan<byte> s)
    {
        // The form first, as JsonSchema.Net's expression reads it; the values after, in its order.
        if (s.Length > 0 && s[^1] == '\n')
            s = s[..^1]; // its $ matches before a final newline
        // yyyy-mm-ddThh:mm:ss is 19 characters, the shortest zone (Z) one more.
        if (s.Length < 20 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' || !Digits(s, 8, 2))
            return false;
        if (s[10] is not ((byte)'T' or (byte)'t' or (byte)'_' or (byte)' '))
            return false;
        if (!Digits(s, 11, 2) || s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2))
            return false;
        var at = 19;
        if (s[at] == '.')
        {
            var digits = 0;
            while (at + 1 + digits < s.Length && IsDigit(s[at + 1 + digits]))
                digits++;
            if (digits == 0)
                return false;
            at += 1 + digits;
        }
        var zone = s[at..];
        var utc = zone.Length == 1 && zone[0] is (byte)'Z' or (byte)'z';
        if (!utc && !(zone.Length == 6 && zone[0] is (byte)'+' or (byte)'-' && Digits(zone, 1, 2) && zone[3] == ':' && Digits(zone, 4, 2)))
            return false;

        var (year, month, day) = (Number(s, 0, 4), Number(s, 5, 2), Number(s, 8, 2));
        if (month is < 1 or > 12)
            return false;
        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
            return false;
        var (hour, minute, second) = (Number(s, 11, 2), Number(s, 14, 2), Number(s, 17, 2));
        if (hour > 23 || minute > 59 || second > 60)
            return false;
        var leap = second == 60;
        if (utc)
            return !leap || (hour == 23 && minute == 59);
        var (offsetHours, offsetMinutes) = (Number(zone, 1, 2), Number(zone, 4, 2));
        if (offsetHours > 23 || offsetMinutes > 59)
            return false;
        if (!leap)
            return true;
        // A leap second is 23:59:60 in UTC: the local time less the offset.
        var sign = zone[0] == '+' ? -1 : 1;
        var minutes = (((hour + sign * offsetHours) * 60 + minute + sign * offsetMinutes) % 1440 + 1440) % 1440;
        return minutes == 23 * 60 + 59;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count)
    {
        foreach (var b in s.Slice(start, count))
            if (!IsDigit(b))
                return false;
        return true;
    }

    private static int Number(ReadOnlySpan<byte> s, int start, int count)
    {
        var n = 0;
        foreach (var b in s.Slice(start, count))
            n = n * 10 + (b - '0');
        return n;
    }
}
