using System.Globalization;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Payloads;

/// <summary>The conversions of payload strings shared by every <see cref="IPayloadFields{TSelf}"/> reader.</summary>
internal static class PayloadValues
{
    /// <summary>An ISO-8601 date-time (UTC when it names no offset) as epoch milliseconds.</summary>
    public static bool TryTimestamp(string text, out long millis)
    {
        if (TryCollectorTimestamp(text, out millis))
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return false;
        millis = t.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>
    /// The form collectors write, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (or without the fraction), read digit by digit:
    /// the general parser costs more than the rest of a row's payload fields. Anything else (and any value out of
    /// range) is left to the general parser, which gives the same result for these.
    /// </summary>
    private static bool TryCollectorTimestamp(string text, out long millis)
    {
        millis = 0;
        if (
            text.Length is not (20 or 24)
            || text[^1] != 'Z'
            || text[4] != '-'
            || text[7] != '-'
            || text[10] != 'T'
            || text[13] != ':'
            || text[16] != ':'
            || (text.Length == 24 && text[19] != '.')
        )
            return false;
        if (
            !Digits(text, 0, 4, out var year)
            || !Digits(text, 5, 2, out var month)
            || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour)
            || !Digits(text, 14, 2, out var minute)
            || !Digits(text, 17, 2, out var second)
        )
            return false;
        var fraction = 0;
        if (text.Length == 24 && !Digits(text, 20, 3, out fraction))
            return false;
        if (
            year < 1
            || month is < 1 or > 12
            || day < 1
            || day > DateTime.DaysInMonth(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        )
            return false;
        var time = new DateTime(year, month, day, hour, minute, second, fraction, DateTimeKind.Utc);
        millis = new DateTimeOffset(time).ToUnixTimeMilliseconds();
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9)
                return false;
            value = value * 10 + d;
        }
        return true;
    }

    /// <summary>A UUID in canonical lower-case form.</summary>
    public static bool TryUuid(string text, out string uuid)
    {
        // Already canonical (as trackers send them): the text itself, without a Guid and a new string.
        if (IsCanonicalUuid(text))
        {
            uuid = text;
            return true;
        }
        uuid = "";
        if (!Guid.TryParseExact(text, "D", out var g))
            return false;
        uuid = g.ToString("D");
        return true;
    }

    private static bool IsCanonicalUuid(string text)
    {
        if (text.Length != 36)
            return false;
        for (var i = 0; i < 36; i++)
        {
            var c = text[i];
            var ok = i is 8 or 13 or 18 or 23 ? c == '-' : char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
            if (!ok)
                return false;
        }
        return true;
    }

    public static RowFailure NotATimestamp(string where, string name, string text) => new(FailureMessages.NotATimestamp(where, name, text));

    public static RowFailure NotAUuid(string where, string name, string text) => new(FailureMessages.NotAUuid(where, name, text));
}
