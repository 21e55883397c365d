using System.Text;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.S3;
using EventRecovery.Job.Tests.S3;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Sinks.S3;

[Collection(S3Collection.Name)]
public class S3PartSinkTests(S3rverFixture s3)
{
    private static async Task WriteAllAsync(IRecordSink sink, IEnumerable<string> records)
    {
        foreach (var record in records)
            await sink.WriteAsync(Encoding.UTF8.GetBytes(record), CancellationToken.None);
    }

    [Fact]
    public async Task Writes_records_as_lines_in_part_objects_named_like_part_files()
    {
        var bucket = await s3.NewBucketAsync("sink");
        var records = S3TestData.Lines("sink", 2000);
        await using (
            var sink = S3PartSink.Create(
                s3.Client,
                S3Location.Parse($"s3://{bucket}/out"),
                "run1-s0",
                new S3PartSinkOptions { MaxObjectBytes = 50_000 }
            )
        )
        {
            await sink.CheckWritableAsync(CancellationToken.None);
            await WriteAllAsync(sink, records);
            await sink.CompleteAsync(CancellationToken.None);
            Assert.True(sink.CompletedObjects.Count > 1, "rolled by size");
        }
        var keys = await S3TestData.KeysAsync(s3.Client, bucket);
        Assert.Equal(Enumerable.Range(0, keys.Count).Select(i => $"out/part-run1-s0-{i:D5}.txt"), keys);
        Assert.Equal(records, await S3TestData.LinesUnderAsync(s3.Client, bucket, "out/"));
    }

    [Fact]
    public async Task A_large_object_goes_up_as_a_multipart_upload_in_parts_of_at_least_5_MiB()
    {
        var bucket = await s3.NewBucketAsync("multipart");
        var records = S3TestData.Lines("mpu", 60_000, padding: 400); // about 14 MB
        await using var proxy = new FaultProxy(s3.Endpoint, _ => Fault.None);
        using var client = S3rverFixture.ClientFor(proxy.Endpoint);
        await using (
            var sink = S3PartSink.Create(
                client,
                S3Location.Parse($"s3://{bucket}/big"),
                "r",
                new S3PartSinkOptions { PartBytes = S3PartSinkOptions.MinPartBytes }
            )
        )
        {
            await WriteAllAsync(sink, records);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Single(sink.CompletedObjects);
        }
        // In part-number order: parts may go up concurrently, so the log's order is not theirs.
        var parts = proxy
            .Log.Where(e => e.Request.Method == "PUT" && e.Request.HasQuery("partNumber"))
            .OrderBy(e => PartNumber(e.Request.Target))
            .ToList();
        Assert.Equal([1, 2, 3], parts.Select(p => PartNumber(p.Request.Target)));
        Assert.All(parts.SkipLast(1), p => Assert.True(long.Parse(p.Request.Headers["content-length"]) >= S3PartSinkOptions.MinPartBytes));
        Assert.Single(proxy.Log, e => e.Request.Method == "POST" && e.Request.HasQuery("uploadId")); // one completion
        Assert.Equal(records, await S3TestData.LinesUnderAsync(s3.Client, bucket, "big/"));
    }

    [Fact]
    public async Task Each_flush_completes_the_current_object_and_nothing_is_visible_before()
    {
        var bucket = await s3.NewBucketAsync("flush");
        await using var sink = S3PartSink.Create(s3.Client, S3Location.Parse($"s3://{bucket}/f"), "r");
        await WriteAllAsync(sink, ["one", "two"]);
        Assert.Empty(await S3TestData.KeysAsync(s3.Client, bucket));

        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(["f/part-r-00000.txt"], await S3TestData.KeysAsync(s3.Client, bucket));
        await sink.FlushAsync(CancellationToken.None); // nothing new: no empty object
        await WriteAllAsync(sink, ["three"]);
        await sink.FlushAsync(CancellationToken.None);

        Assert.Equal(["f/part-r-00000.txt", "f/part-r-00001.txt"], await S3TestData.KeysAsync(s3.Client, bucket));
        Assert.Equal("one\ntwo\n", Encoding.UTF8.GetString(await S3TestData.GetAsync(s3.Client, bucket, "f/part-r-00000.txt")));
        Assert.Equal("three\n", Encoding.UTF8.GetString(await S3TestData.GetAsync(s3.Client, bucket, "f/part-r-00001.txt")));
    }

    [Fact]
    public async Task Disposing_without_completing_leaves_nothing_visible_and_aborts_the_upload()
    {
        var bucket = await s3.NewBucketAsync("abort");
        await using var proxy = new FaultProxy(s3.Endpoint, _ => Fault.None);
        using var client = S3rverFixture.ClientFor(proxy.Endpoint);
        await using (
            var sink = S3PartSink.Create(
                client,
                S3Location.Parse($"s3://{bucket}/a"),
                "r",
                new S3PartSinkOptions { PartBytes = S3PartSinkOptions.MinPartBytes }
            )
        )
        {
            await WriteAllAsync(sink, S3TestData.Lines("abort", 40_000, padding: 400)); // two parts sent, the rest buffered
        }
        Assert.Empty(await S3TestData.KeysAsync(s3.Client, bucket));
        Assert.True(proxy.Log.Count(e => e.Request.Method == "PUT" && e.Request.HasQuery("partNumber")) >= 1);
        Assert.Single(proxy.Log, e => e.Request.Method == "DELETE" && e.Request.HasQuery("uploadId"));
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_before_any_work()
    {
        await using var sink = S3PartSink.Create(s3.Client, S3Location.Parse("s3://no-such-bucket-out/x"), "r");
        var e = await Assert.ThrowsAsync<OutputException>(() => sink.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("s3://no-such-bucket-out/x", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public async Task The_write_check_leaves_no_probe_behind()
    {
        var bucket = await s3.NewBucketAsync("probe");
        await using var sink = S3PartSink.Create(s3.Client, S3Location.Parse($"s3://{bucket}/p"), "r");
        await sink.CheckWritableAsync(CancellationToken.None);
        Assert.Empty(await S3TestData.KeysAsync(s3.Client, bucket));
    }

    [Fact]
    public async Task Bad_rows_go_to_one_folder_per_schema()
    {
        var bucket = await s3.NewBucketAsync("badrows");
        await using (var failed = S3BadRowOutput.Create(s3.Client, S3Location.Parse($"s3://{bucket}/failed"), "run7"))
        {
            await failed.CheckWritableAsync(CancellationToken.None);
            await failed.For(BadRowOutput.RecoveryErrorFolder).WriteAsync("{\"row\":1}"u8.ToArray(), CancellationToken.None);
            await failed.For(BadRowOutput.FormatViolationFolder).WriteAsync("{\"row\":2}"u8.ToArray(), CancellationToken.None);
            await failed.CompleteAsync(CancellationToken.None);
        }
        Assert.Equal(
            [
                $"failed/{BadRowOutput.FormatViolationFolder}/part-run7-00000.txt",
                $"failed/{BadRowOutput.RecoveryErrorFolder}/part-run7-00000.txt",
            ],
            (await S3TestData.KeysAsync(s3.Client, bucket)).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void Part_sizes_below_the_S3_minimum_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            S3PartSink.Create(s3.Client, S3Location.Parse("s3://b-1/x"), "r", new S3PartSinkOptions { PartBytes = 1 << 20 })
        );
        Assert.Contains("5 MiB", e.Message);
    }

    private static int PartNumber(string target) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(target, @"[?&]partNumber=(\d+)").Groups[1].Value);
}
