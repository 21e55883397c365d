using System.Text;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Checkpoints.S3;
using EventRecovery.Job.Sinks.S3;
using EventRecovery.Job.Sources;
using EventRecovery.Job.Sources.S3;
using EventRecovery.Testing;
using Xunit.Abstractions;

namespace EventRecovery.Job.Tests.S3;

/// <summary>
/// S3 behind a proxy that answers 500 and 503 SlowDown, resets connections in the middle of object bodies and after
/// requests took effect. Whatever it does, every line is read exactly once and every record lands in a complete object.
/// </summary>
[Collection(S3Collection.Name)]
public class S3FaultTests(S3rverFixture s3, ITestOutputHelper output)
{
    private static bool IsObjectGet(ProxyRequest r) => r.Method == "GET" && r.Target.Count(c => c == '/') >= 2 && !r.HasQuery("list-type");

    /// <summary>Of every four requests, two pass, one fails with 500 or 503, one (an object GET) breaks mid-body.</summary>
    private static Fault ReadFaults(ProxyRequest r) =>
        (r.Index % 4) switch
        {
            1 when IsObjectGet(r) => Fault.DropMidBody,
            2 => r.Index % 8 == 2 ? Fault.SlowDown : Fault.InternalError,
            _ => Fault.None,
        };

    [Fact]
    public async Task Reading_through_errors_and_broken_downloads_yields_every_line_exactly_once()
    {
        var bucket = await s3.NewBucketAsync("fault-read");
        var plain = S3TestData.Lines("plain", 12_000);
        var zipped = S3TestData.Lines("zipped", 12_000);
        await S3TestData.PutAsync(s3.Client, bucket, "in/plain.txt", S3TestData.Text(plain));
        await S3TestData.PutAsync(s3.Client, bucket, "in/zipped.gz", S3TestData.Gzip(S3TestData.Text(zipped)));

        await using var proxy = new FaultProxy(s3.Endpoint, ReadFaults);
        using var client = S3rverFixture.ClientFor(proxy.Endpoint, sdkRetries: 0); // our layer alone: every fault reaches it
        var options = new S3InputOptions
        {
            PageSize = 1,
            FirstRequestBytes = 16 << 10,
            MaxRequestBytes = 64 << 10,
            Retry = S3TestData.FastRetry(),
        };
        var splits = SplitPlanner.Plan(
            await S3Inputs.ListAsync(client, S3Location.Parse($"s3://{bucket}/in"), options),
            splitBytes: 250_000
        );
        Assert.True(splits.Count > 4);

        var lines = await S3TestData.ReadAsync(splits);

        S3TestData.AssertExactlyOnce([.. plain, .. zipped], lines);
        var drops = proxy.Log.Count(e => e.Fault == Fault.DropMidBody);
        output.WriteLine(
            $"{proxy.Log.Count} requests, {proxy.FaultCount} faults ({drops} broken bodies), {options.Retry.Counter.Count} retries by our layer"
        );
        Assert.True(drops >= 5, $"only {drops} broken bodies");
        Assert.True(proxy.Log.Count(e => e.Fault == Fault.SlowDown) >= 3);
        Assert.True(options.Retry.Counter.Count > 0);
    }

    [Fact]
    public async Task A_download_that_never_recovers_fails_naming_the_object_and_offset()
    {
        var bucket = await s3.NewBucketAsync("fault-dead");
        var data = S3TestData.Text(S3TestData.Lines("dead", 2000));
        await S3TestData.PutAsync(s3.Client, bucket, "dead.txt", data);
        var options = new S3InputOptions { Retry = S3TestData.FastRetry() with { MaxAttempts = 3 } };
        var split = Assert.Single(await S3Inputs.ListAsync(s3.Client, S3Location.Parse($"s3://{bucket}"), options));

        await using var proxy = new FaultProxy(s3.Endpoint, r => IsObjectGet(r) ? Fault.SlowDown : Fault.None);
        using var client = S3rverFixture.ClientFor(proxy.Endpoint, sdkRetries: 0);
        var broken = new S3ObjectSplit(client, split.Bucket, split.Key, split.ObjectLength, split.ETag, options);
        var e = await Assert.ThrowsAsync<IOException>(() => broken.OpenAsync(100, CancellationToken.None));
        Assert.Contains($"s3://{bucket}/dead.txt", e.Message);
        Assert.Contains("offset 100", e.Message);
        Assert.Contains("after 3 attempts", e.Message);
        Assert.Contains("SlowDown", e.Message);
    }

    [Fact]
    public async Task Uploads_and_checkpoints_land_complete_through_errors_and_resets()
    {
        var bucket = await s3.NewBucketAsync("fault-write");
        var completions = 0;
        await using var proxy = new FaultProxy(s3.Endpoint, r =>
        {
            if (r.Method == "POST" && r.HasQuery("uploadId"))
                return Interlocked.Increment(ref completions) == 1 ? Fault.DropAfterForward : Fault.None; // completed, answer lost
            if (r.Method is not ("PUT" or "POST"))
                return Fault.None;
            return (r.Index % 5) switch
            {
                1 => Fault.SlowDown,
                2 => Fault.InternalError,
                3 when r.HasQuery("partNumber") => Fault.DropAfterForward,
                _ => Fault.None,
            };
        });
        using var client = S3rverFixture.ClientFor(proxy.Endpoint);
        var retry = S3TestData.FastRetry();
        var big = S3TestData.Lines("big", 50_000, padding: 400); // about 12 MB: a multipart upload
        var small = S3TestData.Lines("small", 3000); // flushed in several small objects

        await using (
            var sink = S3PartSink.Create(
                client,
                S3Location.Parse($"s3://{bucket}/out"),
                "f",
                new S3PartSinkOptions { PartBytes = S3PartSinkOptions.MinPartBytes, Retry = retry }
            )
        )
        {
            await sink.CheckWritableAsync(CancellationToken.None);
            foreach (var record in big)
                await sink.WriteAsync(Encoding.UTF8.GetBytes(record), CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);
            for (var i = 0; i < small.Count; i++)
            {
                await sink.WriteAsync(Encoding.UTF8.GetBytes(small[i]), CancellationToken.None);
                if (i % 500 == 499)
                    await sink.FlushAsync(CancellationToken.None);
            }
            await sink.CompleteAsync(CancellationToken.None);
            Assert.Equal(7, sink.CompletedObjects.Count);
        }

        var store = new S3CheckpointStore(client, S3Location.Parse($"s3://{bucket}/ckpt"), retry);
        for (var i = 0; i < 5; i++)
            await store.SaveAsync(
                new CheckpointState
                {
                    Fingerprint = $"f{i}",
                    Splits = new() { ["a"] = new SplitCheckpoint(i, i, false) },
                },
                CancellationToken.None
            );
        await store.MarkCompleteAsync("{}", CancellationToken.None);

        S3TestData.AssertExactlyOnce([.. big, .. small], await S3TestData.LinesUnderAsync(s3.Client, bucket, "out/"));
        Assert.Equal(
            "f4",
            (await new S3CheckpointStore(s3.Client, S3Location.Parse($"s3://{bucket}/ckpt")).LoadAsync(CancellationToken.None))!.Fingerprint
        );
        output.WriteLine($"{proxy.Log.Count} requests, {proxy.FaultCount} faults, {retry.Counter.Count} retries by our layer");
        foreach (var (r, f) in proxy.Log)
            output.WriteLine($"{r.At.TotalMilliseconds, 8:0} {r.Method} {r.Target[..Math.Min(80, r.Target.Length)]} {f}");
        Assert.True(proxy.FaultCount >= 5);
        Assert.True(completions >= 2, "the lost completion answer was retried");
    }
}
