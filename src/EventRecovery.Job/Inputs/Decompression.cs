using System.IO.Compression;

namespace EventRecovery.Job.Inputs;

/// <summary>Gzip input is decompressed transparently, recognised by its extension or its magic bytes.</summary>
public static class Decompression
{
    /// <summary>The decompressed view of <paramref name="stored"/> when it is gzip, else the stream itself.</summary>
    public static async Task<Stream> OpenAsync(Stream stored, string name, CancellationToken cancellationToken)
    {
        var buffered = new BufferedStream(stored, 1 << 16);
        var magic = new byte[2];
        var read = 0;
        while (read < 2)
        {
            var n = await buffered.ReadAsync(magic.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            read += n;
        }
        var isGzip = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
        // Put back the peeked bytes by replaying them before the rest.
        var replay = new PrefixedStream(magic.AsMemory(0, read), buffered);
        return isGzip ? new GZipStream(replay, CompressionMode.Decompress) : replay;
    }
}
