using System.Text.Json;
using EventRecovery.Job.Iglu;
using Json.Schema;

namespace EventRecovery.Job.Tests.Iglu;

/// <summary>
/// The formats the compiled validator checks itself (date-time, uuid) say what JsonSchema.Net 8 says, on edge cases
/// and on every one-character change of valid values, written plain and escaped.
/// </summary>
public sealed class OwnFormatTests
{
    private static readonly string[] DateTimes =
    [
        "2024-02-29T12:00:00Z",
        "2023-02-29T12:00:00Z",
        "1900-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-10T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "2024-01-01t00:00:00z",
        "2024-01-01_00:00:00Z",
        "2024-01-01 00:00:00Z",
        "2024-01-01X00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T23:60:00Z",
        "2024-01-01T23:59:60Z",
        "2024-01-01T22:59:60Z",
        "2024-01-01T23:59:61Z",
        "2024-01-01T15:59:60-08:00",
        "2024-01-01T15:59:60+08:00",
        "2024-01-01T07:59:60+08:00",
        "2024-01-01T00:29:60+00:30",
        "2024-01-01T23:59:60-00:00",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+23:60",
        "2024-01-01T00:00:00+2300",
        "2024-01-01T00:00:00.123456789Z",
        "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00:00,5Z",
        "2024-01-01T00:00:00",
        "2024-01-01",
        "2024-01-01T00:00Z",
        "2024-01-01T00:00:00Z\n",
        "2024-01-01T00:00:00+01:00\n",
        "2024-01-01T00:00:00Z\n\n",
        "2024-01-01T00:00:00.5\nZ",
        "\n2024-01-01T00:00:00Z",
        " 2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00Z ",
        "２０２４-01-01T00:00:00Z",
        "2024-01-01T00:00:00é",
        "99999-01-01T00:00:00Z",
        "",
    ];

    private static IEnumerable<string> OneChangeEach(string valid)
    {
        const string replacements = "09Z+-:._ Tt\n\u0660a";
        yield return valid;
        for (var i = 0; i < valid.Length; i++)
        {
            yield return valid.Remove(i, 1);
            foreach (var c in replacements)
            {
                yield return valid[..i] + c + valid[(i + 1)..];
                yield return valid.Insert(i, c.ToString());
            }
        }
    }

    private static string Outcome(Func<bool> check)
    {
        try
        {
            return check() ? "valid" : "invalid";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    private static void AgreesWithJsonSchemaNet(Format theirs, Func<JsonElement, bool> ours, IEnumerable<string> values)
    {
        var compared = 0;
        foreach (var value in values)
        {
            // As a JSON string twice: as plain as it can be, and with every character escaped.
            var escaped = "\"" + string.Concat(value.Select(c => $"\\u{(int)c:x4}")) + "\"";
            foreach (var json in new[] { JsonSerializer.Serialize(value), escaped })
            {
                using var document = JsonDocument.Parse(json);
                var element = document.RootElement;
                Assert.True(
                    Outcome(() => theirs.Validate(element, out _)) == Outcome(() => ours(element)),
                    $"{json}: JsonSchema.Net {Outcome(() => theirs.Validate(element, out _))}, ours {Outcome(() => ours(element))}"
                );
                compared++;
            }
        }
        Assert.True(compared >= 80);
    }

    [Fact]
    public void Date_time_is_read_as_JsonSchema_Net_reads_it()
    {
        AgreesWithJsonSchemaNet(Formats.DateTime, DateTimeFormat.IsValid, DateTimes);
        AgreesWithJsonSchemaNet(
            Formats.DateTime,
            DateTimeFormat.IsValid,
            OneChangeEach("2016-12-31T23:59:60.25Z").Concat(OneChangeEach("2024-02-29t07:59:60+08:00")).Concat(["0000-01-01T00:00:00Z"])
        );
    }

    [Fact]
    public void Uuid_is_read_as_JsonSchema_Net_reads_it() =>
        AgreesWithJsonSchemaNet(
            Formats.Uuid,
            Draft04Validator.IsUuid,
            OneChangeEach("8a4e2f9c-0b1d-4c3e-9f2a-1b2c3d4e5f60")
                .Concat(["{8a4e2f9c-0b1d-4c3e-9f2a-1b2c3d4e5f60}", "8A4E2F9C0B1D4C3E9F2A1B2C3D4E5F60", ""])
        );
}
