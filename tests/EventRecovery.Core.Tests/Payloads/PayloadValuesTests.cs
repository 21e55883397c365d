using System.Globalization;
using EventRecovery.Core.Payloads;

namespace EventRecovery.Core.Tests.Payloads;

/// <summary>
/// The collector's timestamp and UUID forms are read by hand (a fast path); every result must be what the general
/// parsers give.
/// </summary>
public class PayloadValuesTests
{
    private static long? General(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : null;

    [Theory]
    [InlineData("2025-03-01T00:00:00.099Z")]
    [InlineData("2025-03-01T00:00:00Z")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("2023-02-29T10:00:00.000Z")]
    [InlineData("2025-13-01T00:00:00.000Z")]
    [InlineData("2025-12-31T24:00:00.000Z")]
    [InlineData("2025-12-31T23:60:00.000Z")]
    [InlineData("2025-12-31T23:59:60.000Z")]
    [InlineData("0000-01-01T00:00:00.000Z")]
    [InlineData("0001-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("2025-03-01T00:00:00.0991Z")]
    [InlineData("2025-03-01T00:00:00.09Z")]
    [InlineData("2025-03-01 00:00:00.099Z")]
    [InlineData("2025-03-01T00:00:00.099+02:00")]
    [InlineData("2025-03-01T00:00:00.099")]
    [InlineData("2025-0a-01T00:00:00.099Z")]
    [InlineData("２０２５-03-01T00:00:00.099Z")]
    [InlineData("not a date")]
    public void A_timestamp_reads_as_the_general_parser_reads_it(string text)
    {
        var expected = General(text);
        Assert.Equal(expected is not null, PayloadValues.TryTimestamp(text, out var millis));
        if (expected is not null)
            Assert.Equal(expected.Value, millis);
    }

    [Fact]
    public void Random_collector_timestamps_read_as_the_general_parser_reads_them()
    {
        var random = new Random(11);
        for (var n = 0; n < 20_000; n++)
        {
            var text =
                $"{random.Next(0, 10000):D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2}T{random.Next(0, 26):D2}:{random.Next(0, 62):D2}:{random.Next(0, 62):D2}"
                + (random.Next(3) == 0 ? "" : $".{random.Next(0, 1000):D3}")
                + "Z";
            var expected = General(text);
            Assert.True(expected is not null == PayloadValues.TryTimestamp(text, out var millis), text);
            if (expected is not null)
                Assert.True(expected.Value == millis, text);
        }
    }

    [Theory]
    [InlineData("db7045b4-3bd4-4cdc-bd8e-66560c2386c0", "db7045b4-3bd4-4cdc-bd8e-66560c2386c0")]
    [InlineData("DB7045B4-3BD4-4CDC-BD8E-66560C2386C0", "db7045b4-3bd4-4cdc-bd8e-66560c2386c0")]
    [InlineData("{db7045b4-3bd4-4cdc-bd8e-66560c2386c0}", null)]
    [InlineData("db7045b43bd44cdcbd8e66560c2386c0", null)]
    [InlineData("db7045b4-3bd4-4cdc-bd8e-66560c2386cg", null)]
    [InlineData("db7045b4-3bd4-4cdc-bd8e66560c2386c0-", null)]
    [InlineData("", null)]
    public void A_uuid_is_given_in_canonical_form(string text, string? expected)
    {
        Assert.Equal(expected is not null, PayloadValues.TryUuid(text, out var uuid));
        if (expected is not null)
            Assert.Equal(expected, uuid);
    }
}
