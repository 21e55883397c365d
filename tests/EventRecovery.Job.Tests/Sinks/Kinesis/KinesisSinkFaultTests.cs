using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Kinesis;
using EventRecovery.Testing;
using Xunit.Abstractions;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

/// <summary>
/// The sink behind a fault-injecting proxy in front of kinesalite. After each run every record must be in the stream
/// (counted by marker; duplicates are allowed, at least once, and reported).
/// </summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisSinkFaultTests(Kinesalite kinesalite, ITestOutputHelper output)
{
    private readonly KinesisTestReader _reader = new(kinesalite.Client());

    private async Task<(string Stream, FaultProxy Proxy)> SetUpAsync(Func<int, Fault> policy, int shards = 2)
    {
        var stream = $"f-{Guid.NewGuid():N}";
        await _reader.CreateStreamAsync(stream, shards);
        return (stream, new FaultProxy(kinesalite.Url) { Policy = policy });
    }

    private async Task<KinesisSink> RunAsync(
        string stream,
        FaultProxy proxy,
        MarkedRecords records,
        Func<KinesisSinkOptions, KinesisSinkOptions>? tune = null
    )
    {
        var options = kinesalite.Options(stream, proxy.Url) with { BatchSize = 50, Concurrency = 4 };
        var sink = KinesisSink.Create(tune?.Invoke(options) ?? options);
        await KinesisSinkTests.WriteAllAsync(sink, records.Payloads);
        await sink.CompleteAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine(proxy.Report());
        var c = sink.Counters;
        output.WriteLine(
            $"sink: sent {c.RecordsSent}, requests {c.Requests}, failed requests {c.FailedRequests}, retries {c.Retries}, "
                + $"retried records {c.RetriedRecords}, throttled {c.Throttles}, backpressure waits {c.BackpressureWaits}, high-water mark {c.HighWaterMark}"
        );
        return sink;
    }

    [Fact]
    public async Task Partial_failures_are_retried_record_by_record()
    {
        var (stream, proxy) = await SetUpAsync(n => n % 2 == 1 ? Fault.PartialFailure : Fault.None);
        await using (proxy)
        {
            var records = new MarkedRecords(1000, 20, 300);
            await using var sink = await RunAsync(stream, proxy, records);

            records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
            Assert.True(proxy.RecordsFailed > 0);
            Assert.Equal(1000, sink.Counters.RecordsSent);
            Assert.True(sink.Counters.Retries > 0);
            // Only the failed records were sent again (unless a whole request failed too, which this test does not inject).
            if (sink.Counters.FailedRequests == 0)
                Assert.Equal(proxy.RecordsFailed, sink.Counters.RetriedRecords);
            Assert.True(sink.Counters.Throttles > 0);
        }
    }

    [Fact]
    public async Task Whole_request_throttling_is_retried()
    {
        var (stream, proxy) = await SetUpAsync(n => n % 3 != 0 ? Fault.Throttle : Fault.None);
        await using (proxy)
        {
            var records = new MarkedRecords(500, 20, 300);
            await using var sink = await RunAsync(stream, proxy, records);

            Assert.Equal(0, records.AssertAllArrived(await _reader.ReadAllAsync(stream), output));
            Assert.True(sink.Counters.FailedRequests > 0);
            Assert.True(sink.Counters.Throttles >= sink.Counters.FailedRequests);
        }
    }

    [Fact]
    public async Task Server_errors_are_retried()
    {
        var (stream, proxy) = await SetUpAsync(n =>
            (n % 4) switch
            {
                1 => Fault.ServerError,
                2 => Fault.ServerErrorAfterForward,
                _ => Fault.None,
            }
        );
        await using (proxy)
        {
            var records = new MarkedRecords(500, 20, 300);
            await using var sink = await RunAsync(stream, proxy, records);

            var duplicates = records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
            Assert.True(duplicates > 0, "a 500 after the write makes the sink send those records again");
            Assert.True(sink.Counters.FailedRequests > 0);
        }
    }

    [Fact]
    public async Task Dropped_connections_are_retried()
    {
        var (stream, proxy) = await SetUpAsync(n =>
            (n % 4) switch
            {
                1 => Fault.DropConnection,
                2 => Fault.DropAfterForward,
                _ => Fault.None,
            }
        );
        await using (proxy)
        {
            var records = new MarkedRecords(500, 20, 300);
            await using var sink = await RunAsync(stream, proxy, records);

            records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
            Assert.True(sink.Counters.FailedRequests > 0);
        }
    }

    [Fact]
    public async Task Timeouts_are_retried()
    {
        var (stream, proxy) = await SetUpAsync(n => n <= 3 ? Fault.Delay : Fault.None);
        await using (proxy)
        {
            proxy.Delay = TimeSpan.FromSeconds(1);
            var records = new MarkedRecords(200, 20, 300);
            await using var sink = await RunAsync(stream, proxy, records, o => o with { RequestTimeout = TimeSpan.FromMilliseconds(250) });

            records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
            Assert.True(sink.Counters.FailedRequests >= 3);
        }
    }

    [Fact]
    public async Task A_mix_of_every_fault_loses_nothing()
    {
        var random = new Random(42);
        Fault[] faults =
        [
            Fault.PartialFailure,
            Fault.Throttle,
            Fault.ServerError,
            Fault.ServerErrorAfterForward,
            Fault.DropConnection,
            Fault.DropAfterForward,
            Fault.Delay,
        ];
        var (stream, proxy) = await SetUpAsync(
            _ =>
            {
                lock (random)
                    return random.NextDouble() < 0.5 ? faults[random.Next(faults.Length)] : Fault.None;
            },
            shards: 3
        );
        await using (proxy)
        {
            proxy.Delay = TimeSpan.FromMilliseconds(50);
            var records = new MarkedRecords(3000, 1, 500);
            await using var sink = await RunAsync(stream, proxy, records, o => o with { BatchSize = 100, MaxBuffered = 600 });

            records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
            Assert.Equal(3000, sink.Counters.RecordsSent);
            Assert.InRange(sink.Counters.HighWaterMark, 1, 600);
        }
    }

    [Fact]
    public async Task Kinesis_slower_than_the_writer_holds_the_writer_back()
    {
        var (stream, proxy) = await SetUpAsync(_ => Fault.Delay);
        await using (proxy)
        {
            proxy.Delay = TimeSpan.FromMilliseconds(100);
            const int maxBuffered = 40;
            var records = new MarkedRecords(400, 500, 1500);
            await using var sink = await RunAsync(stream, proxy, records, o =>
                o with
                {
                    BatchSize = 10,
                    Concurrency = 3,
                    MaxBuffered = maxBuffered,
                }
            );

            records.AssertAllArrived(await _reader.ReadAllAsync(stream), output);
            Assert.InRange(sink.Counters.HighWaterMark, 1, maxBuffered);
            Assert.InRange(proxy.MaxRecordsInFlight, 1, maxBuffered);
            Assert.True(sink.Counters.BackpressureWaits > 0, "WriteAsync never waited");
            // Bytes held by the sink are bounded by MaxBuffered payloads (at most 1500 bytes each here).
            output.WriteLine($"bound on payload bytes held: {maxBuffered * 1500}");
        }
    }

    [Fact]
    public async Task Failing_past_the_deadline_fails_the_sink_loudly()
    {
        var (stream, proxy) = await SetUpAsync(_ => Fault.ServerError);
        await using (proxy)
        {
            var options = kinesalite.Options(stream, proxy.Url) with { RetryDeadline = TimeSpan.FromSeconds(1), BatchSize = 10 };
            await using var sink = KinesisSink.Create(options);
            await KinesisSinkTests.WriteAllAsync(sink, new MarkedRecords(25, 10, 20).Payloads);

            var e = await Assert.ThrowsAsync<OutputException>(() =>
                sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60))
            );
            output.WriteLine(e.Message);
            output.WriteLine(proxy.Report());
            Assert.Contains($"kinesis stream {stream}", e.Message);
            Assert.Contains("retry deadline 1 s", e.Message);
            Assert.Contains("InternalFailure", e.Message);
            Assert.True(sink.Counters.Retries > 0);
            Assert.Equal(0, sink.Counters.RecordsSent);
            await Assert.ThrowsAsync<OutputException>(() => sink.WriteAsync(new byte[1], CancellationToken.None).AsTask());
        }
    }
}
