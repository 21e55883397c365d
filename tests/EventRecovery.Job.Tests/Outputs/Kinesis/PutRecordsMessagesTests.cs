using System.Buffers;
using System.Text;
using System.Text.Json;
using EventRecovery.Job.Outputs.Kinesis;

namespace EventRecovery.Job.Tests.Outputs.Kinesis;

public sealed class PutRecordsMessagesTests
{
    [Fact]
    public void Data_is_the_base64_of_the_raw_bytes_once()
    {
        var raw = new byte[] { 0, 1, 0x0b, 0xff, (byte)'"', (byte)'\\' };
        var buffer = new ArrayBufferWriter<byte>();
        PutRecordsMessages.WriteRequest(buffer, "s", [new KinesisRecord(raw, "k1")]);
        using var json = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal("s", json.RootElement.GetProperty("StreamName").GetString());
        var record = json.RootElement.GetProperty("Records")[0];
        Assert.Equal(raw, record.GetProperty("Data").GetBytesFromBase64());
        Assert.Equal("k1", record.GetProperty("PartitionKey").GetString());
    }

    [Fact]
    public void Failed_records_are_found_by_index()
    {
        var response = Encoding.UTF8.GetBytes("""
            {"FailedRecordCount":2,"Records":[
              {"SequenceNumber":"1","ShardId":"shardId-000000000000"},
              {"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded"},
              {"SequenceNumber":"2","ShardId":"shardId-000000000001"},
              {"ErrorCode":"InternalFailure","ErrorMessage":"Internal service failure."}]}
            """);
        var failures = PutRecordsMessages.ReadFailures(response, 4);
        Assert.Equal([1, 3], failures.Select(f => f.Index));
        Assert.Equal("InternalFailure", failures[1].ErrorCode);
    }

    [Theory]
    [InlineData("""{"FailedRecordCount":0,"Records":[]}""")]
    [InlineData("""{"FailedRecordCount":0}""")]
    [InlineData("""{"Records":[{"ShardId":"x"}]}""")]
    [InlineData("not json")]
    public void A_response_that_does_not_account_for_every_record_is_a_retryable_failure(string body)
    {
        var e = Assert.Throws<KinesisException>(() => PutRecordsMessages.ReadFailures(Encoding.UTF8.GetBytes(body), 1));
        Assert.True(e.Retryable);
    }
}
