using System.Text;
using EventRecovery.Job.Sinks.Files;

namespace EventRecovery.Job.Tests.Sinks.Files;

public sealed class PartFileSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("part-sink-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Records of every size around the sink's 512 KiB buffers: empty, small, a few KB, and some longer than a buffer.
    private static List<byte[]> Records(int seed, int count)
    {
        var random = new Random(seed);
        var records = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(100) switch
            {
                0 => 0,
                1 => (1 << 19) + random.Next(-2, 300_000),
                < 20 => random.Next(20_000, 200_000),
                _ => random.Next(1, 5_000),
            };
            var record = new byte[length];
            for (var k = 0; k < length; k++)
                record[k] = (byte)('a' + random.Next(26)); // no newline inside
            records.Add(record);
        }
        return records;
    }

    private static byte[] AsLines(IEnumerable<byte[]> records)
    {
        var all = new MemoryStream();
        foreach (var record in records)
        {
            all.Write(record);
            all.WriteByte((byte)'\n');
        }
        return all.ToArray();
    }

    private byte[] ReadParts(IEnumerable<string> parts)
    {
        var all = new MemoryStream();
        foreach (var part in parts)
            all.Write(File.ReadAllBytes(part));
        return all.ToArray();
    }

    private string[] VisibleFiles() =>
        Directory.GetFiles(_dir).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Records_come_back_whole_and_in_order_across_buffers_and_parts()
    {
        var records = Records(seed: 1, count: 600);
        var sink = new PartFileSink(_dir, "run", maxPartBytes: 3 << 20);
        await using (sink)
        {
            foreach (var record in records)
                await sink.WriteAsync(record, CancellationToken.None);
            await sink.CompleteAsync(CancellationToken.None);
        }

        Assert.True(sink.CompletedParts.Count > 5, $"{sink.CompletedParts.Count} parts");
        Assert.Equal(VisibleFiles(), sink.CompletedParts); // every part renamed, listed in order
        Assert.Empty(Directory.GetFiles(_dir, ".*")); // nothing left unfinished
        Assert.Equal(AsLines(records), ReadParts(sink.CompletedParts));
        // Parts roll over at a record's end, once past the size.
        foreach (var part in sink.CompletedParts.SkipLast(1))
        {
            var bytes = File.ReadAllBytes(part);
            Assert.True(bytes.Length >= 3 << 20, $"{part}: {bytes.Length} bytes");
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Fact]
    public async Task A_flush_makes_everything_written_so_far_visible_and_the_run_goes_on()
    {
        var records = Records(seed: 2, count: 300);
        await using var sink = new PartFileSink(_dir, "run", maxPartBytes: 2 << 20);
        foreach (var record in records.Take(200))
            await sink.WriteAsync(record, CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);

        // What a checkpoint would now count as durable: all of it, in parts under their final names.
        Assert.Equal(AsLines(records.Take(200)), ReadParts(VisibleFiles()));
        Assert.Empty(Directory.GetFiles(_dir, ".*"));

        foreach (var record in records.Skip(200))
            await sink.WriteAsync(record, CancellationToken.None);
        await sink.CompleteAsync(CancellationToken.None);
        Assert.Equal(AsLines(records), ReadParts(sink.CompletedParts));
    }

    [Fact]
    public async Task A_part_that_cannot_be_finished_in_the_background_fails_the_flush()
    {
        // The first part's final name is taken by a directory, so renaming the rolled-over part fails.
        Directory.CreateDirectory(Path.Combine(_dir, "part-run-00000.txt"));
        await using var sink = new PartFileSink(_dir, "run", maxPartBytes: 1 << 16);
        var line = Encoding.ASCII.GetBytes(new string('x', 1000));
        var failed = await Record.ExceptionAsync(async () =>
        {
            for (var i = 0; i < 200; i++)
                await sink.WriteAsync(line, CancellationToken.None); // rolls over at ~65 lines
            await sink.FlushAsync(CancellationToken.None);
        });
        Assert.IsAssignableFrom<IOException>(failed);
        Assert.DoesNotContain(Path.Combine(_dir, "part-run-00000.txt"), sink.CompletedParts);
        // Nor does anything written after it count: the sink stays failed.
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await sink.WriteAsync(line, CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);
        });
    }

    [Fact]
    public async Task Parts_rolling_over_faster_than_the_disk_takes_them_hold_few_files_open()
    {
        if (!OperatingSystem.IsLinux())
            return; // counts this process's open files in /proc
        var ours = () =>
            new DirectoryInfo("/proc/self/fd")
                .EnumerateFileSystemInfos()
                .Count(fd => fd.LinkTarget is { } target && target.StartsWith(_dir, StringComparison.Ordinal));
        var sink = new PartFileSink(_dir, "run", maxPartBytes: 1); // a part per record
        var most = 0;
        await using (sink)
        {
            for (var i = 0; i < 1_000; i++)
            {
                await sink.WriteAsync("0123456789"u8.ToArray(), CancellationToken.None);
                most = Math.Max(most, ours());
            }
            await sink.CompleteAsync(CancellationToken.None);
        }
        Assert.Equal(1_000, sink.CompletedParts.Count);
        Assert.InRange(most, 1, PartFileSink.MaxFinishing + 2);
    }

    [Fact]
    public async Task An_aborted_run_removes_its_open_part_none_of_whose_records_was_durable()
    {
        var sink = new PartFileSink(_dir, "run", maxPartBytes: 1 << 30);
        await using (sink)
        {
            foreach (var record in Records(seed: 3, count: 50))
                await sink.WriteAsync(record, CancellationToken.None);
        } // disposed without completing: a stop or a failure elsewhere

        Assert.Empty(VisibleFiles());
        // Left behind, it would keep the space of a full disk; a rerun repeats its records.
        Assert.Empty(Directory.GetFiles(_dir, "*.inprogress", SearchOption.AllDirectories));
        Assert.Empty(sink.CompletedParts);
    }
}
