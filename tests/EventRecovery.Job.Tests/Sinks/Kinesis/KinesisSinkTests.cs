using System.Diagnostics;
using Amazon.Runtime;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Kinesis;
using EventRecovery.Testing;
using Xunit.Abstractions;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

/// <summary>The sink against a real Kinesis API (kinesalite), read back with our own reader.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisSinkTests(Kinesalite kinesalite, ITestOutputHelper output)
{
    private readonly KinesisTestReader _reader = new(kinesalite.Client());

    private async Task<string> NewStreamAsync(int shards = 1)
    {
        var stream = $"t-{Guid.NewGuid():N}";
        await _reader.CreateStreamAsync(stream, shards);
        return stream;
    }

    internal static async Task WriteAllAsync(IRecordSink sink, IEnumerable<byte[]> payloads)
    {
        foreach (var payload in payloads)
            await sink.WriteAsync(payload, CancellationToken.None);
    }

    [Fact]
    public async Task Every_record_arrives_byte_identical()
    {
        var stream = await NewStreamAsync(shards: 2);
        var records = new MarkedRecords(5000, 20, 2000);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream));
        await sink.CheckWritableAsync(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await WriteAllAsync(sink, records.Payloads);
        await sink.CompleteAsync(CancellationToken.None);
        clock.Stop();

        var stored = await _reader.ReadAllAsync(stream);
        Assert.Equal(0, records.AssertAllArrived(stored, output));
        Assert.Equal(5000, sink.Counters.RecordsSent);
        Assert.Equal(records.Payloads.Sum(p => (long)p.Length), sink.Counters.BytesSent);
        Assert.Equal(0, sink.Counters.InFlight);
        Assert.All(stored, r => Assert.Equal(PartitionKeys.For(r.Data), r.PartitionKey));
        output.WriteLine(
            $"{sink.Counters.RecordsSent} records in {sink.Counters.Requests} requests, {clock.Elapsed.TotalSeconds:0.00} s: "
                + $"{sink.Counters.RecordsSent / clock.Elapsed.TotalSeconds:0} records/s against kinesalite"
        );
    }

    [Fact]
    public async Task Records_written_from_one_reused_buffer_arrive_as_they_were_written()
    {
        var stream = await NewStreamAsync(shards: 2);
        var records = new MarkedRecords(3000, 20, 3000, seed: 3);
        // Small batches and few records in flight: blocks are given back and rented again many times during the run.
        await using var sink = KinesisSink.Create(kinesalite.Options(stream) with { BatchSize = 37, MaxBuffered = 200 });

        var buffer = new byte[3000];
        foreach (var payload in records.Payloads)
        {
            payload.CopyTo(buffer, 0);
            await sink.WriteAsync(buffer.AsMemory(0, payload.Length), CancellationToken.None);
            buffer.AsSpan().Fill((byte)'#'); // what the caller does with its memory once the write returned
        }
        await sink.CompleteAsync(CancellationToken.None);

        records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
        Assert.Equal(3000, sink.Counters.RecordsSent);
    }

    [Fact]
    public async Task Requests_hold_at_most_batch_size_records()
    {
        var stream = await NewStreamAsync();
        await using var proxy = new FaultProxy(kinesalite.Url);
        var records = new MarkedRecords(100, 10, 100);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream, proxy.Url) with { BatchSize = 7 });
        await WriteAllAsync(sink, records.Payloads);
        await sink.CompleteAsync(CancellationToken.None);

        records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
        var requests = proxy.PutRecordsRequests.ToList();
        Assert.All(requests, r => Assert.InRange(r.Records, 1, 7));
        // 14 full batches and the rest, sent by CompleteAsync; more only if a request timed out and was sent again.
        Assert.InRange(requests.Count, 15, 30);
        Assert.Equal(requests.Count, sink.Counters.Requests);
    }

    [Fact]
    public async Task Requests_hold_at_most_5_MiB_with_partition_keys()
    {
        var stream = await NewStreamAsync();
        await using var proxy = new FaultProxy(kinesalite.Url);
        var records = new MarkedRecords(14, 900_000, 1_000_000);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream, proxy.Url));
        await WriteAllAsync(sink, records.Payloads);
        await sink.FlushAsync(CancellationToken.None);

        records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
        var requests = proxy.PutRecordsRequests.ToList();
        output.WriteLine(string.Join(", ", requests.Select(r => $"{r.Records} records / {r.Bytes} bytes")));
        Assert.All(requests, r => Assert.InRange(r.Bytes, 1, KinesisLimits.MaxRequestBytes));
        Assert.True(requests.Count >= 3, $"{requests.Count} requests");
        // At least once: a request that timed out on a loaded machine is sent again, so records may be sent twice.
        Assert.True(requests.Sum(r => r.Records) >= 14, $"{requests.Sum(r => r.Records)} records sent");
    }

    [Fact]
    public async Task A_record_of_the_largest_size_arrives_and_a_larger_one_is_refused()
    {
        var stream = await NewStreamAsync();
        var largest = new MarkedRecords(1, KinesisLimits.MaxPayloadBytes, KinesisLimits.MaxPayloadBytes);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream));
        await WriteAllAsync(sink, largest.Payloads);

        var e = await Assert.ThrowsAsync<OutputException>(() =>
            sink.WriteAsync(new byte[KinesisLimits.MaxPayloadBytes + 1], CancellationToken.None).AsTask()
        );
        Assert.Contains("over the Kinesis limit", e.Message);
        Assert.Contains("failed output", e.Message);

        await sink.CompleteAsync(CancellationToken.None); // the guard does not break the sink
        largest.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
    }

    [Fact]
    public async Task A_batch_that_waited_too_long_goes_out_with_the_next_write()
    {
        var stream = await NewStreamAsync();
        await using var proxy = new FaultProxy(kinesalite.Url);
        var records = new MarkedRecords(5, 10, 20);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream, proxy.Url) with { MaxBatchDelay = TimeSpan.Zero });
        await WriteAllAsync(sink, records.Payloads);
        await sink.FlushAsync(CancellationToken.None);
        records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
        // Each record went out with the next write, alone (a request that timed out may be sent again).
        Assert.All(proxy.PutRecordsRequests, r => Assert.Equal(1, r.Records));
        Assert.True(proxy.PutRecordsRequests.Count >= 5);
    }

    [Fact]
    public async Task Partition_keys_spread_records_over_every_shard()
    {
        var stream = await NewStreamAsync(shards: 4);
        var records = new MarkedRecords(2000, 20, 60);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream));
        await WriteAllAsync(sink, records.Payloads);
        await sink.CompleteAsync(CancellationToken.None);

        var stored = await _reader.ReadAllAsync(stream);
        records.AssertAllArrived(stored, output);
        var perShard = stored.GroupBy(r => r.ShardId).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", perShard.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        Assert.Equal(4, perShard.Count);
        Assert.All(perShard.Values, n => Assert.InRange(n, 250, 750)); // 500 expected; 9 standard deviations of slack
    }

    [Fact]
    public async Task Check_passes_for_an_active_stream()
    {
        var stream = await NewStreamAsync();
        await using var sink = KinesisSink.Create(kinesalite.Options(stream));
        await sink.CheckWritableAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Check_names_a_missing_stream_its_region_and_endpoint()
    {
        await using var sink = KinesisSink.Create(kinesalite.Options("no-such-stream"));
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.CheckWritableAsync(CancellationToken.None));
        Assert.Equal($"kinesis stream no-such-stream does not exist in region {Kinesalite.Region} (endpoint {kinesalite.Url})", e.Message);
    }

    [Fact]
    public async Task Check_says_when_the_stream_is_not_active()
    {
        await using var server = new CannedKinesis(
            200,
            """{"StreamDescriptionSummary":{"StreamName":"s","StreamStatus":"DELETING","OpenShardCount":1}}"""
        );
        await using var sink = KinesisSink.Create(kinesalite.Options("s", server.Url));
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("kinesis stream s in region us-east-1", e.Message);
        Assert.Equal(["DescribeStreamSummary"], server.Operations);
        Assert.Contains("is DELETING", e.Message);
    }

    [Fact]
    public async Task Check_reports_access_denied()
    {
        await using var server = new CannedKinesis(
            400,
            """{"__type":"AccessDeniedException","message":"User: arn:aws:iam::1:user/x is not authorized to perform: kinesis:DescribeStreamSummary"}"""
        );
        await using var sink = KinesisSink.Create(kinesalite.Options("s", server.Url));
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("AccessDeniedException", e.Message);
        Assert.Contains("not authorized", e.Message);
        Assert.Equal(1, server.Calls); // not retried, neither by the SDK nor by the sink
    }

    [Fact]
    public async Task Check_retries_a_server_error_three_times_in_all()
    {
        await using var server = new CannedKinesis(500, """{"__type":"InternalFailure","message":"injected"}""");
        await using var sink = KinesisSink.Create(kinesalite.Options("s", server.Url));
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("cannot be checked: InternalFailure (HTTP 500)", e.Message);
        Assert.Equal(3, server.Calls);
    }

    [Theory]
    [InlineData("""{"FailedRecordCount":0,"Records":[]}""")]
    [InlineData("""{"FailedRecordCount":0}""")]
    [InlineData("""{"Records":[{"ShardId":"x"}]}""")]
    [InlineData("not json")]
    public async Task An_answer_that_does_not_account_for_every_record_is_sent_again_until_the_deadline(string body)
    {
        await using var server = new CannedKinesis(200, body);
        // A deadline a few seconds long, and the SDK's client warmed up first (its first request on a loaded machine
        // can take longer than a short deadline by itself), so that "sent again" does not depend on the machine's speed.
        await using var sink = KinesisSink.Create(kinesalite.Options("s", server.Url) with { RetryDeadline = TimeSpan.FromSeconds(5) });
        try
        {
            await sink.CheckWritableAsync(CancellationToken.None);
        }
        catch (OutputException)
        {
            // the canned answer is no stream description; only the warm-up mattered
        }
        var before = server.Calls;
        await WriteAllAsync(sink, new MarkedRecords(1, 10, 20).Payloads);
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.FlushAsync(CancellationToken.None));
        output.WriteLine(e.Message);
        Assert.Contains("retry deadline", e.Message);
        Assert.Contains("MalformedResponse", e.Message);
        var puts = server.Calls - before;
        Assert.True(puts >= 2, $"{puts} requests");
        Assert.Equal(puts - 1, sink.Counters.Retries);
        Assert.Equal(0, sink.Counters.RecordsSent);
    }

    [Fact]
    public async Task Check_reports_missing_credentials()
    {
        await using var sink = KinesisSink.Create(kinesalite.Options("s") with { Credentials = new NoCredentials() });
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("kinesis stream s: no AWS credentials", e.Message);
        Assert.Contains("AWS_ACCESS_KEY_ID", e.Message);
        Assert.Contains("nothing configured here", e.Message);
    }

    [Fact]
    public async Task Check_reports_an_unreachable_endpoint()
    {
        var closed = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        await using var sink = KinesisSink.Create(kinesalite.Options("s", closed));
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("cannot be checked: ConnectionError", e.Message);
        Assert.Contains(closed.ToString(), e.Message);
    }

    [Fact]
    public async Task A_non_retryable_error_fails_at_once_and_stays_failed()
    {
        await using var sink = KinesisSink.Create(kinesalite.Options("deleted-meanwhile"));
        await WriteAllAsync(sink, new MarkedRecords(10, 10, 20).Payloads);
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.FlushAsync(CancellationToken.None));
        output.WriteLine(e.Message);
        Assert.Contains("kinesis stream deleted-meanwhile in region us-east-1", e.Message);
        Assert.Contains("ResourceNotFoundException", e.Message);
        Assert.Contains("10 records not written", e.Message);
        Assert.Equal(0, sink.Counters.Retries);
        await Assert.ThrowsAsync<OutputException>(() => sink.WriteAsync(new byte[1], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<OutputException>(() => sink.FlushAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Flushes_between_writes_then_complete()
    {
        var stream = await NewStreamAsync();
        var records = new MarkedRecords(30, 10, 50);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream));
        var i = 0;
        foreach (var payload in records.Payloads)
        {
            await sink.WriteAsync(payload, CancellationToken.None);
            if (++i % 10 == 0)
            {
                await sink.FlushAsync(CancellationToken.None);
                Assert.Equal(i, sink.Counters.RecordsSent);
                Assert.Equal(i, (await _reader.ReadAllAsync(stream)).Count);
            }
        }
        await sink.FlushAsync(CancellationToken.None); // nothing left: returns at once
        await sink.CompleteAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(new byte[1], CancellationToken.None).AsTask());
        records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
    }

    [Fact]
    public async Task Fewer_buffered_records_than_a_batch_still_make_progress()
    {
        var stream = await NewStreamAsync();
        var records = new MarkedRecords(50, 10, 50);
        await using var sink = KinesisSink.Create(kinesalite.Options(stream) with { MaxBuffered = 3, BatchSize = 500 });
        await WriteAllAsync(sink, records.Payloads);
        await sink.CompleteAsync(CancellationToken.None);
        records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
        Assert.InRange(sink.Counters.HighWaterMark, 1, 3);
        Assert.True(sink.Counters.BackpressureWaits > 0);
    }

    [Fact]
    public async Task Dispose_without_flush_returns()
    {
        var stream = await NewStreamAsync();
        var sink = KinesisSink.Create(kinesalite.Options(stream));
        await WriteAllAsync(sink, new MarkedRecords(1000, 10, 50).Payloads);
        await sink.DisposeAsync();
        await sink.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sink.WriteAsync(new byte[1], CancellationToken.None).AsTask());
    }

    private sealed class NoCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() =>
            throw new AmazonClientException("Failed to resolve AWS credentials: nothing configured here");
    }
}
