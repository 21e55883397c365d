using System.Text;
using System.Text.Json;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.Thrift;

/// <summary>
/// The shape seen in real collector_payload_format_violation bad rows (Enrich: "Unrecognized type 67"):
/// the row's base64 <c>payload</c> decodes to base64 TEXT of the Thrift bytes, not to the bytes themselves.
/// The row here is our own, built from a golden vector; no production data is committed.
/// </summary>
public class BadRowPayloadTests
{
    private static readonly GoldenCase Golden = GoldenVectors.Named("get_hit_typical");

    private static string BadRowLine()
    {
        var doubleEncoded = Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(Golden.Bytes)));
        return JsonSerializer.Serialize(
            new
            {
                schema = "iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0",
                data = new
                {
                    processor = new { artifact = "snowplow-enrich-kinesis", version = "3.7.0" },
                    failure = new
                    {
                        timestamp = "2024-01-01T00:00:00Z",
                        loader = "thrift",
                        message = new { error = "error deserializing raw event: Unrecognized type 67" },
                    },
                    payload = doubleEncoded,
                },
            }
        );
    }

    private static byte[] RowPayloadBytes() =>
        Convert.FromBase64String(JsonDocument.Parse(BadRowLine()).RootElement.GetProperty("data").GetProperty("payload").GetString()!);

    [Fact]
    public void Raw_row_payload_fails_like_Enrich_did()
    {
        var e = Assert.Throws<ThriftFormatException>(() => CollectorPayloadThrift.Decode(RowPayloadBytes()));
        Assert.Contains("unknown Thrift type 67", e.Message); // 'C', first char of base64 "CwBk..."
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Decoding_the_inner_base64_gives_the_collector_payload()
    {
        var thrift = Convert.FromBase64String(Encoding.ASCII.GetString(RowPayloadBytes()));
        var p = CollectorPayloadThrift.Decode(thrift);
        Assert.Equal(Golden.Payload, p);
        Assert.Equal(CollectorPayload.ThriftSchema, p.Schema);
        Assert.Equal("/com.snowplowanalytics.snowplow/tp2", p.Path);
        Assert.Equal(thrift, CollectorPayloadThrift.Encode(p)); // recovery can re-emit identical bytes
    }
}
