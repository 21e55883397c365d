using System.Buffers;
using System.Net;
using System.Text.Json;

namespace EventRecovery.Job.Outputs.Kinesis;

/// <summary>One record Kinesis did not take, by its index in the request.</summary>
internal readonly record struct RecordFailure(int Index, string ErrorCode, string ErrorMessage);

/// <summary>The JSON bodies of PutRecords: the request we send and the per-record results we get back.</summary>
internal static class PutRecordsMessages
{
    /// <summary>
    /// Writes <c>{"StreamName": …, "Records": [{"Data": base64, "PartitionKey": …}, …]}</c>. <c>Data</c> is base64 because
    /// the JSON protocol carries blobs that way; Kinesis stores the decoded bytes.
    /// </summary>
    public static void WriteRequest(IBufferWriter<byte> output, string streamName, IReadOnlyList<KinesisRecord> records)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteString("StreamName"u8, streamName);
        json.WriteStartArray("Records"u8);
        foreach (var record in records)
        {
            json.WriteStartObject();
            json.WriteBase64String("Data"u8, record.Data);
            json.WriteString("PartitionKey"u8, record.PartitionKey);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// The records that failed, from <c>{"FailedRecordCount": n, "Records": [{"SequenceNumber", "ShardId"} |
    /// {"ErrorCode", "ErrorMessage"}, …]}</c>, whose entries are in request order. A response that does not account
    /// for every record is treated as a failure of the whole request (retryable).
    /// </summary>
    public static List<RecordFailure> ReadFailures(ReadOnlyMemory<byte> body, int recordCount)
    {
        var failures = new List<RecordFailure>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array
                || records.GetArrayLength() != recordCount)
                throw Malformed($"expected {recordCount} record results");
            var index = 0;
            foreach (var record in records.EnumerateArray())
            {
                if (record.TryGetProperty("ErrorCode", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    var message = record.TryGetProperty("ErrorMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                    failures.Add(new RecordFailure(index, code.GetString()!, message));
                }
                else if (!record.TryGetProperty("SequenceNumber", out _))
                {
                    throw Malformed($"record result {index} has neither SequenceNumber nor ErrorCode");
                }
                index++;
            }
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message);
        }
        return failures;
    }

    private static KinesisException Malformed(string detail) =>
        new("MalformedResponse", $"PutRecords: unreadable response ({detail})", HttpStatusCode.OK, retryable: true, throttled: false);
}
