using System.Diagnostics;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Sources;
using EventRecovery.Job.Sources.S3;
using EventRecovery.Job.Tests.S3;
using EventRecovery.Testing;
using Xunit.Abstractions;

namespace EventRecovery.Job.Tests.Sources;

[Collection(S3Collection.Name)]
public class S3ObjectSplitTests(S3rverFixture s3, ITestOutputHelper output)
{
    private static readonly S3InputOptions SmallRequests = new() { FirstRequestBytes = 16 << 10, MaxRequestBytes = 64 << 10 };

    private async Task<(string Bucket, S3ObjectSplit Split)> PutAndListAsync(string key, byte[] data, S3InputOptions? options = null)
    {
        var bucket = await s3.NewBucketAsync("read");
        await S3TestData.PutAsync(s3.Client, bucket, key, data);
        var splits = await S3Inputs.ListAsync(s3.Client, S3Location.Parse($"s3://{bucket}"), options);
        return (bucket, Assert.Single(splits));
    }

    [Fact]
    public async Task Opens_at_any_offset_and_reads_to_the_end_of_the_object()
    {
        var data = S3TestData.Text(S3TestData.Lines("off", 3000));
        var (_, split) = await PutAndListAsync("plain.txt", data, SmallRequests);
        foreach (var offset in (long[])[0, 1, 4095, 70_000, data.Length - 1, data.Length])
        {
            await using var stream = await split.OpenAsync(offset, CancellationToken.None);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, 7000); // odd buffer size: reads cross request boundaries
            Assert.Equal(data.AsSpan((int)offset).ToArray(), copy.ToArray());
        }
    }

    [Fact]
    public async Task Reads_gzip_objects_by_extension_and_by_magic_bytes()
    {
        var lines = S3TestData.Lines("gz", 5000);
        var bucket = await s3.NewBucketAsync("gzip");
        var gz = S3TestData.Gzip(S3TestData.Text(lines));
        await S3TestData.PutAsync(s3.Client, bucket, "a/rows.gz", gz);
        await S3TestData.PutAsync(s3.Client, bucket, "a/rows-without-extension", gz);
        var splits = await S3Inputs.ListAsync(s3.Client, S3Location.Parse($"s3://{bucket}/a"), SmallRequests);

        // The planner keeps .gz whole; the other is small enough to stay whole too.
        var planned = SplitPlanner.Plan(splits, splitBytes: 1 << 20);
        Assert.Equal(2, planned.Count);
        foreach (var split in planned)
            S3TestData.AssertExactlyOnce(lines, await S3TestData.ReadSplitAsync(split, null));
    }

    [Fact]
    public async Task Range_splits_of_a_large_object_cover_every_line_exactly_once()
    {
        var lines = S3TestData.Lines("range", 40_000);
        var data = S3TestData.Text(lines);
        var (_, split) = await PutAndListAsync("big.json", data, SmallRequests);

        var ranges = SplitPlanner.Plan([split], splitBytes: 200_000);
        Assert.True(ranges.Count > 10, $"{data.Length} bytes should make many ranges, got {ranges.Count}");
        Assert.All(ranges, r => Assert.True(r.IsRange));
        S3TestData.AssertExactlyOnce(lines, await S3TestData.ReadAsync(ranges));
    }

    [Fact]
    public async Task Resumes_a_split_from_a_checkpointed_offset()
    {
        var lines = S3TestData.Lines("resume", 6000);
        var (_, split) = await PutAndListAsync("resume.txt", S3TestData.Text(lines), SmallRequests);
        var range = SplitPlanner.Plan([split], splitBytes: 300_000)[1];

        var ends = new List<long>();
        var all = await S3TestData.ReadSplitAsync(range, null, ends);
        Assert.True(ends.Count > 3);
        var checkpoint = ends[ends.Count / 2];
        var before = (await ReadUntilAsync(range, checkpoint)).Count;
        var after = await S3TestData.ReadSplitAsync(range, checkpoint);
        Assert.Equal(all.Skip(before), after);
    }

    [Fact]
    public async Task Measures_reading_a_large_object_from_s3rver()
    {
        var data = S3TestData.Text(S3TestData.Lines("speed", 200_000, padding: 300)); // about 40 MB
        var (_, split) = await PutAndListAsync("speed.txt", data);
        var watch = Stopwatch.StartNew();
        await using var stream = await split.OpenAsync(0, CancellationToken.None);
        var total = 0L;
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
            total += n;
        watch.Stop();
        Assert.Equal(data.Length, total);
        output.WriteLine(
            $"read {total / 1e6:0.0} MB from s3rver in {watch.Elapsed.TotalSeconds:0.00} s: {total / 1e6 / watch.Elapsed.TotalSeconds:0} MB/s"
        );
    }

    [Fact]
    public async Task A_deleted_object_fails_with_its_name_and_offset()
    {
        var (bucket, split) = await PutAndListAsync("gone.txt", S3TestData.Text(["a", "b"]));
        await s3.Client.DeleteObjectAsync(bucket, "gone.txt");
        var e = await Assert.ThrowsAsync<IOException>(() => split.OpenAsync(1, CancellationToken.None));
        Assert.Contains($"s3://{bucket}/gone.txt", e.Message);
        Assert.Contains("offset 1", e.Message);
        Assert.Contains("NoSuchKey", e.Message);
    }

    private static async Task<List<string>> ReadUntilAsync(InputSplit split, long endOffset)
    {
        var ends = new List<long>();
        var lines = new List<string>();
        await using var input = await SplitStream.OpenAsync(split, null, CancellationToken.None);
        var reader = new LineReader(1 << 20, 16 << 10, 64);
        await foreach (var batch in reader.ReadAsync(input, split, 0, 0, CancellationToken.None))
        {
            using (batch)
            {
                foreach (var line in batch.Lines)
                    lines.Add(System.Text.Encoding.UTF8.GetString(batch.Bytes(line).Span));
                if (batch.EndOffset >= endOffset)
                    break;
            }
        }
        return lines;
    }
}
