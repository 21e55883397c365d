using System.Text.Json;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.BadRows;

public class BadRowTests
{
    private static BadRow Read(string line) => BadRow.From(JsonDocument.Parse(line).RootElement);

    [Fact]
    public void A_bad_row_exposes_its_type_schema_and_data()
    {
        var row = Read(BadRowLines.SchemaViolations(version: "2-0-1"));
        Assert.Equal("schema_violations", row.Type);
        Assert.Equal("2-0-1", row.Schema.Version);
        Assert.True(row.Data.TryGetProperty("payload", out _));
        Assert.Equal(0, row.Recoveries);
    }

    [Fact]
    public void A_recovery_error_unwraps_to_the_row_it_holds_with_its_count()
    {
        var inner = BadRowLines.TrackerProtocolViolations();
        var row = Read(BadRowLines.RecoveryError(inner, recoveries: 7));
        Assert.Equal(7, row.Recoveries);
        var unwrapped = row.Unwrap();
        Assert.Equal("tracker_protocol_violations", unwrapped.Type);
        Assert.Equal(JsonDocument.Parse(inner).RootElement.GetRawText(), unwrapped.Json.GetRawText());
    }

    [Theory]
    [InlineData("\"three\"")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("null")]
    public void A_count_that_is_not_a_non_negative_integer_counts_as_zero(string recoveries)
    {
        var line = BadRowLines.RecoveryError(BadRowLines.SizeViolation(), 1).Replace("\"recoveries\":1", $"\"recoveries\":{recoveries}");
        Assert.Equal(0, Read(line).Recoveries);
    }

    [Fact]
    public void A_recovery_error_without_payload_cannot_be_unwrapped() =>
        Assert.Contains(
            "has no payload",
            Assert
                .Throws<RowFailure>(() =>
                    Read("""{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/1-0-0","data":{}}""").Unwrap()
                )
                .Message
        );

    [Theory]
    [InlineData("[]", "not an object")]
    [InlineData("""{"schema":1,"data":{}}""", "no \"schema\" string")]
    [InlineData("""{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/x/jsonschema/1-0","data":{}}""", "is not an iglu schema key")]
    [InlineData("""{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/x/jsonschema/1-*-0","data":{}}""", "is not an iglu schema key")]
    [InlineData("""{"schema":"iglu:com.acme/x/jsonschema/1-0-0","data":{}}""", "is not from com.snowplowanalytics.snowplow.badrows")]
    [InlineData("""{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/x/jsonschema/1-0-0","data":"x"}""", "no \"data\" object")]
    public void What_is_not_a_self_describing_bad_row_is_refused_with_a_reason(string line, string reason) =>
        Assert.Contains(reason, Assert.Throws<RowFailure>(() => Read(line)).Message);

    [Fact]
    public void The_published_types_are_known_and_only_six_are_recoverable()
    {
        Assert.Equal(
            [
                "adapter_failures",
                "collector_payload_format_violation",
                "enrichment_failures",
                "recovery_error",
                "schema_violations",
                "tracker_protocol_violations",
            ],
            BadRowTypes.Recoverable.Order()
        );
        foreach (
            var type in new[]
            {
                "size_violation",
                "generic_error",
                "loader_iglu_error",
                "loader_parsing_error",
                "loader_recovery_error",
                "loader_runtime_error",
                "relay_failure",
                "snowflake_error",
                "event_forwarding_error",
            }
        )
        {
            Assert.True(BadRowTypes.IsKnown(type), type);
            Assert.DoesNotContain(type, BadRowTypes.Recoverable);
        }
        Assert.False(BadRowTypes.IsKnown("adapter_failure"));
    }
}
