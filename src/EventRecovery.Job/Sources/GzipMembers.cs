using System.IO.Compression;

namespace EventRecovery.Job.Sources;

/// <summary>
/// The decompressed bytes of a gzip file: every member, one after the other. <see cref="GZipStream"/> reads
/// concatenated members, but stops without a word at bytes after the last member that are not one (appended text,
/// garbage); this stream fails there instead, naming the byte offset, like <c>gzip -t</c>. A member cut short fails
/// too (the CLI turns on the runtime's strict validation; see EventRecovery.Cli.csproj).
/// </summary>
internal sealed class GzipMembers : ReadOnlyStream
{
    private readonly Feed _feed;
    private readonly GZipStream _gzip;
    private readonly Func<CancellationToken, Task<Stream>>? _reopen;

    /// <param name="compressed">The stored bytes, from the start of the file.</param>
    /// <param name="reopen">Opens the stored bytes again from the start, to find where trailing data begins (only when there
    /// is some); <c>null</c> for a stream that can be read only once, whose message then gives the chunk it lies in.</param>
    public GzipMembers(Stream compressed, Func<CancellationToken, Task<Stream>>? reopen)
    {
        _feed = new Feed(compressed, trickleFrom: long.MaxValue);
        _gzip = new GZipStream(_feed, CompressionMode.Decompress);
        _reopen = reopen;
    }

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Damaged(e);
        }
        if (n == 0 && buffer.Length > 0)
            CheckEnd(CancellationToken.None).GetAwaiter().GetResult();
        return n;
    }

    /// <summary>The decompressor's complaint, with where: the end of the file for a cut, else the bytes being decoded.</summary>
    private InvalidDataException Damaged(InvalidDataException e) =>
        _feed.LastRead == 0
            ? new InvalidDataException(
                $"the gzip data is cut short: the file ends, at byte {_feed.Handed}, inside a gzip member (a truncated file)",
                e
            )
            : new InvalidDataException($"damaged gzip data within bytes {_feed.Handed - _feed.LastRead}-{_feed.Handed}: {e.Message}", e);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Damaged(e);
        }
        if (n == 0 && buffer.Length > 0)
            await CheckEnd(cancellationToken).ConfigureAwait(false);
        return n;
    }

    /// <summary>
    /// At the end of the gzip data the source must be at its end too: after the last member, the decompressor asks
    /// for more and gets nothing. If its last read got bytes, they were left over after a member and were not a member.
    /// </summary>
    private async Task CheckEnd(CancellationToken cancellationToken)
    {
        if (_feed.LastRead == 0)
            return;
        // The data after the members starts somewhere in the last chunk read. Decompress again, giving the
        // decompressor that chunk one byte at a time: it then stops right after the first byte that is not a member.
        var chunkStart = _feed.Handed - _feed.LastRead;
        if (_reopen is null)
            throw new InvalidDataException(
                $"bytes after the end of the gzip data, between bytes {chunkStart} and {_feed.Handed}, are not a gzip member (trailing data or a damaged file)"
            );
        await using var again = new Feed(await _reopen(cancellationToken).ConfigureAwait(false), trickleFrom: chunkStart);
        await using (var gzip = new GZipStream(again, CompressionMode.Decompress))
        {
            var sink = new byte[1 << 16];
            while (await gzip.ReadAsync(sink, cancellationToken).ConfigureAwait(false) > 0) { }
        }
        var offset = again.LastRead == 1 ? again.Handed - 1 : chunkStart;
        throw new InvalidDataException(
            $"bytes after the end of the gzip data, from byte {offset}, are not a gzip member (trailing data or a damaged file)"
        );
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _gzip.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The compressed bytes as handed to the decompressor: how many, and how many the last read gave.</summary>
    private sealed class Feed(Stream inner, long trickleFrom) : ReadOnlyStream
    {
        public long Handed { get; private set; }
        public int LastRead { get; private set; } = -1;

        private Span<byte> Limit(Span<byte> buffer) =>
            Handed >= trickleFrom ? buffer[..Math.Min(1, buffer.Length)]
            : Handed + buffer.Length > trickleFrom ? buffer[..(int)(trickleFrom - Handed)]
            : buffer;

        private Memory<byte> Limit(Memory<byte> buffer) => buffer[..Limit(buffer.Span).Length];

        private int Took(int n)
        {
            Handed += n;
            LastRead = n;
            return n;
        }

        public override int Read(Span<byte> buffer) => Took(inner.Read(Limit(buffer)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Took(await inner.ReadAsync(Limit(buffer), cancellationToken).ConfigureAwait(false));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
