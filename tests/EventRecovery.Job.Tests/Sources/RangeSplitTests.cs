using System.Text;
using EventRecovery.Job.Sources;
using EventRecovery.Job.Sources.Local;

namespace EventRecovery.Job.Tests.Sources;

/// <summary>
/// Byte ranges of a large file: each range owns the lines that start inside it, and a range that starts inside a line
/// longer than itself reads to its own end and stops there, instead of reading the rest of that line (which another
/// range owns) again: total bytes read stay near the file's size however small the ranges.
/// </summary>
public sealed class RangeSplitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("range-split-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(List<string> Lines, long BytesRead)> ReadAll(IEnumerable<InputSplit> splits)
    {
        var lines = new List<string>();
        long bytes = 0;
        foreach (var split in splits)
        {
            await using var input = await SplitStream.OpenAsync(split, null, CancellationToken.None);
            var reader = new LineReader(maxLineBytes: 8 << 20);
            await foreach (var batch in reader.ReadAsync(input, split, 0, 0, CancellationToken.None))
                using (batch)
                    lines.AddRange(batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Bytes(l).Span)));
            bytes += input.Stored.BytesRead;
        }
        return (lines, bytes);
    }

    [Fact]
    public async Task A_line_much_longer_than_the_ranges_is_read_once_and_every_line_is_owned_by_one_range()
    {
        var lines = new List<string> { "first", new string('L', 2_000_000), "middle", new string('M', 300_000), "last" };
        var path = Path.Combine(_dir, "input.jsonl");
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n");
        var size = new FileInfo(path).Length;
        var splits = SplitPlanner.Plan(LocalInputs.Resolve([path]), splitBytes: 4096);
        Assert.True(splits.Count > 400);

        var (read, bytes) = await ReadAll(splits);

        Assert.Equal(lines, read);
        // Each range reads at most one buffer (64 KiB) past its end, besides the rest of the last line it owns.
        Assert.True(
            bytes <= size + 2_000_000 + splits.Count * (128L << 10),
            $"{bytes:N0} bytes read for a file of {size:N0} in {splits.Count} ranges"
        );
    }

    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1000)]
    public async Task Ranges_of_any_size_give_every_line_once(int splitBytes)
    {
        var random = new Random(splitBytes);
        var lines = Enumerable.Range(0, 300).Select(i => $"{i}:" + new string('x', random.Next(0, 3 * splitBytes))).ToList();
        var path = Path.Combine(_dir, "input.jsonl");
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n");

        var (read, _) = await ReadAll(SplitPlanner.Plan(LocalInputs.Resolve([path]), splitBytes));

        Assert.Equal(lines, read);
    }
}
