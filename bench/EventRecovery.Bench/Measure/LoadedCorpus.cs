namespace EventRecovery.Bench.Measure;

/// <summary>
/// A corpus read into memory once, as lines over 64 MiB chunks (a line never spans two), so in-process
/// measurements time the work on the bytes and not the disk. <c>--max-bytes</c> bounds what is loaded.
/// </summary>
internal sealed class LoadedCorpus
{
    private const int ChunkSize = 64 << 20;

    public required ReadOnlyMemory<byte>[] Lines { get; init; }

    /// <summary>Bytes of the loaded lines, newlines included (what a file of them holds).</summary>
    public required long Bytes { get; init; }

    public static LoadedCorpus Load(string path, long maxBytes = long.MaxValue)
    {
        if (!File.Exists(path))
            throw new Cli.UsageException($"corpus {path} does not exist (make one with: corpus --out {path} --size 200MB)");
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var lines = new List<ReadOnlyMemory<byte>>();
        long bytes = 0;
        var carry = Array.Empty<byte>();
        while (bytes < maxBytes)
        {
            var buffer = new byte[Math.Max(ChunkSize, carry.Length * 2)];
            carry.CopyTo(buffer, 0);
            var filled = carry.Length;
            int n;
            while (filled < buffer.Length && (n = file.Read(buffer, filled, buffer.Length - filled)) > 0)
                filled += n;
            var eof = filled < buffer.Length;
            var end = eof ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (end == 0 && !eof)
            {
                carry = buffer; // one line longer than the chunk: read on with a bigger buffer
                continue;
            }
            var start = 0;
            while (start < end && bytes < maxBytes)
            {
                var nl = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                var length = nl < 0 ? end - start : nl;
                if (length > 0)
                    lines.Add(new ReadOnlyMemory<byte>(buffer, start, length));
                bytes += length + 1;
                start += length + 1;
            }
            carry = buffer.AsSpan(end, filled - end).ToArray();
            if (eof)
                break;
        }
        return new LoadedCorpus { Lines = lines.ToArray(), Bytes = bytes };
    }
}
