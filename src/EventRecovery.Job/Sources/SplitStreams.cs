namespace EventRecovery.Job.Sources;

/// <summary>The decoded bytes of a split, from a resume position, with what is needed to cut its lines.</summary>
/// <param name="Stream">Decoded bytes (decompressed for gzip).</param>
/// <param name="Position">Offset of the first byte of <paramref name="Stream"/> in the split's decoded coordinates.</param>
/// <param name="SkipPartialLine">Whether the first bytes up to the first newline belong to the previous split.</param>
/// <param name="StopAt">Lines starting at or after this offset belong to the next split.</param>
/// <param name="Stored">The stored bytes being read, to count input bytes.</param>
public sealed record SplitStream(Stream Stream, long Position, bool SkipPartialLine, long? StopAt, CountingStream Stored) : IAsyncDisposable
{
    /// <summary>Whether <see cref="Stream"/> is decompressed from gzip (its positions are not the stored bytes').</summary>
    public bool IsCompressed { get; init; }

    /// <summary>Opens <paramref name="split"/> to read from <paramref name="resumeOffset"/> (a line start recorded in a checkpoint), or
    /// from its beginning.</summary>
    public static async Task<SplitStream> OpenAsync(InputSplit split, long? resumeOffset, CancellationToken cancellationToken)
    {
        // Peek at the object's first bytes: gzip is recognised by name or magic.
        var first = new CountingStream(await split.OpenAsync(0, cancellationToken).ConfigureAwait(false));
        var magic = new byte[2];
        var read = 0;
        while (read < 2)
        {
            var n = await first.ReadAsync(magic.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                break;
            read += n;
        }
        var gzip = SplitPlanner.IsCompressed(split) || (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
        if (gzip)
        {
            if (split.IsRange)
                throw new InvalidDataException($"{split.Name} is gzip-compressed and cannot be read as a byte range");
            // Compressed offsets are positions in the decompressed bytes: decompress from the start and skip.
            var decompressed = new GzipMembers(
                new PrefixedStream(magic.AsMemory(0, read), first),
                split.IsStream ? null : ct => split.OpenAsync(0, ct)
            );
            var skip = resumeOffset ?? 0;
            await SkipAsync(decompressed, skip, split, cancellationToken).ConfigureAwait(false);
            return new SplitStream(decompressed, skip, false, null, first) { IsCompressed = true };
        }

        long position;
        bool skipPartial;
        if (resumeOffset is { } resume)
            (position, skipPartial) = (resume, false);
        else if (split.Start > 0)
            (position, skipPartial) = (split.Start - 1, true); // the byte before tells whether a line starts here
        else
            (position, skipPartial) = (0, false);
        var stopAt = split.IsRange ? split.End : null;
        if (position == 0)
            return new SplitStream(new PrefixedStream(magic.AsMemory(0, read), first), 0, skipPartial, stopAt, first);
        await first.DisposeAsync().ConfigureAwait(false);
        var stored = new CountingStream(await split.OpenAsync(position, cancellationToken).ConfigureAwait(false));
        return new SplitStream(stored, position, skipPartial, stopAt, stored);
    }

    private static async Task SkipAsync(Stream stream, long bytes, InputSplit split, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (bytes > 0)
        {
            var n = await stream
                .ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, bytes)), cancellationToken)
                .ConfigureAwait(false);
            if (n == 0)
                throw new InvalidDataException(
                    $"{split.Name} is shorter than its checkpoint offset: the input changed since the checkpoint"
                );
            bytes -= n;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        await Stored.DisposeAsync().ConfigureAwait(false);
    }
}
