using Amazon.Kinesis;
using Amazon.Kinesis.Model;

namespace EventRecovery.Testing;

/// <summary>One record as stored by Kinesis.</summary>
public sealed record StoredRecord(string ShardId, string PartitionKey, byte[] Data);

/// <summary>
/// The test side of Kinesis, on the AWS SDK client the sink also uses: creates streams and reads back every record of
/// every shard (ListShards, GetShardIterator TRIM_HORIZON, GetRecords until a read comes back empty).
/// </summary>
internal sealed class KinesisTestReader(IAmazonKinesis client)
{
    public async Task CreateStreamAsync(string stream, int shards)
    {
        await client.CreateStreamAsync(new CreateStreamRequest { StreamName = stream, ShardCount = shards });
        for (var i = 0; ; i++)
        {
            var summary = (
                await client.DescribeStreamSummaryAsync(new DescribeStreamSummaryRequest { StreamName = stream })
            ).StreamDescriptionSummary;
            if (summary.StreamStatus == StreamStatus.ACTIVE)
                return;
            if (i > 200)
                throw new InvalidOperationException($"stream {stream} stays {summary.StreamStatus}");
            await Task.Delay(25);
        }
    }

    public async Task<List<StoredRecord>> ReadAllAsync(string stream)
    {
        var shards = await client.ListShardsAsync(new ListShardsRequest { StreamName = stream });
        var records = new List<StoredRecord>();
        foreach (var shard in shards.Shards ?? [])
        {
            var iterator = (
                await client.GetShardIteratorAsync(
                    new GetShardIteratorRequest
                    {
                        StreamName = stream,
                        ShardId = shard.ShardId,
                        ShardIteratorType = ShardIteratorType.TRIM_HORIZON,
                    }
                )
            ).ShardIterator;
            while (iterator is not null)
            {
                var page = await client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = 10000 });
                if (page.Records is not { Count: > 0 } got)
                    break;
                foreach (var record in got)
                    records.Add(new StoredRecord(shard.ShardId, record.PartitionKey, record.Data.ToArray()));
                iterator = page.NextShardIterator;
            }
        }
        return records;
    }
}
