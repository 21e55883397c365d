using System.Globalization;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Payloads;

/// <summary>The conversions of payload strings shared by every <see cref="IPayloadFields{TSelf}"/> reader.</summary>
internal static class PayloadValues
{
    /// <summary>An ISO-8601 date-time (UTC when it names no offset) as epoch milliseconds.</summary>
    public static bool TryTimestamp(string text, out long millis)
    {
        millis = 0;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return false;
        millis = t.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>A UUID in canonical lower-case form.</summary>
    public static bool TryUuid(string text, out string uuid)
    {
        uuid = "";
        if (!Guid.TryParseExact(text, "D", out var g)) return false;
        uuid = g.ToString("D");
        return true;
    }

    public static RowFailure NotATimestamp(string where, string name, string text) =>
        new($"{where}.{name} \"{text}\" is not an ISO-8601 date-time");

    public static RowFailure NotAUuid(string where, string name, string text) =>
        new($"{where}.{name} \"{text}\" is not a UUID");
}
