using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Job.Outputs.Kinesis;

namespace EventRecovery.Testing;

/// <summary>One record as stored by Kinesis.</summary>
public sealed record StoredRecord(string ShardId, string PartitionKey, byte[] Data);

/// <summary>
/// The test side of Kinesis, on the same client and signing code as the sink: creates streams and reads back every
/// record of every shard (ListShards, GetShardIterator TRIM_HORIZON, GetRecords until a read comes back empty).
/// </summary>
internal sealed class KinesisTestReader(KinesisClient client)
{
    public async Task CreateStreamAsync(string stream, int shards)
    {
        await InvokeAsync("CreateStream", new JsonObject { ["StreamName"] = stream, ["ShardCount"] = shards });
        for (var i = 0; ; i++)
        {
            var summary = await client.DescribeStreamSummaryAsync(stream, CancellationToken.None);
            if (summary.StreamStatus == "ACTIVE") return;
            if (i > 200) throw new InvalidOperationException($"stream {stream} stays {summary.StreamStatus}");
            await Task.Delay(25);
        }
    }

    public async Task<List<StoredRecord>> ReadAllAsync(string stream)
    {
        var shards = await InvokeAsync("ListShards", new JsonObject { ["StreamName"] = stream });
        var records = new List<StoredRecord>();
        foreach (var shard in shards["Shards"]!.AsArray())
        {
            var shardId = (string)shard!["ShardId"]!;
            var iterator = (string?)(await InvokeAsync("GetShardIterator", new JsonObject
            {
                ["StreamName"] = stream, ["ShardId"] = shardId, ["ShardIteratorType"] = "TRIM_HORIZON",
            }))["ShardIterator"];
            while (iterator is not null)
            {
                var page = await InvokeAsync("GetRecords", new JsonObject { ["ShardIterator"] = iterator, ["Limit"] = 10000 });
                var got = page["Records"]!.AsArray();
                if (got.Count == 0) break;
                foreach (var record in got)
                    records.Add(new StoredRecord(shardId, (string)record!["PartitionKey"]!, Convert.FromBase64String((string)record["Data"]!)));
                iterator = (string?)page["NextShardIterator"];
            }
        }
        return records;
    }

    public async Task<JsonNode> InvokeAsync(string operation, JsonObject body)
    {
        var response = await client.InvokeAsync(operation, JsonSerializer.SerializeToUtf8Bytes(body), CancellationToken.None);
        return JsonNode.Parse(response.Length == 0 ? "{}"u8 : response) ?? new JsonObject();
    }
}
