using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace EventRecovery.Job.Sources;

/// <summary>
/// Cuts a split's bytes into lines (LF or CRLF) and groups them into <see cref="LineBatch"/>es; the last batch of
/// a split is marked, even when empty. A line longer than the limit keeps only its first bytes and its real
/// length, so one huge line cannot exhaust memory. Empty lines are skipped and counted.
/// </summary>
public sealed class LineReader(int maxLineBytes, int batchBytes = 1 << 20, int batchLines = 1024)
{
    /// <summary>Empty lines seen, which are not records.</summary>
    public long BlankLines { get; private set; }

    /// <summary>Number of the last line read (blank ones included).</summary>
    public long LinesRead { get; private set; }

    /// <summary>Whether reading was stopped (its token cancelled) before the end; the last batch then does not end the split.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>Why reading broke off (a corrupt or unreadable input), once the last batch has been returned; <c>null</c> if it did
    /// not.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Offset in the split's decoded bytes just after the last whole line read before <see cref="Failure"/>.</summary>
    public long FailureOffset { get; private set; }

    /// <summary>Reads the lines of <paramref name="input"/> as batches of <paramref name="split"/>.</summary>
    /// <param name="input">The opened split.</param>
    /// <param name="split">The split, for the batches.</param>
    /// <param name="linesBefore">Lines already consumed before <see cref="SplitStream.Position"/> (when resuming).</param>
    /// <param name="firstSequence">Sequence number of the first batch.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public async IAsyncEnumerable<LineBatch> ReadAsync(
        SplitStream input,
        InputSplit split,
        long linesBefore,
        long firstSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        var reader = PipeReader.Create(input.Stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, leaveOpen: true));
        var builder = new BatchBuilder(split, batchBytes);
        var offset = input.Position; // absolute offset of the next unconsumed byte
        var skipPartial = input.SkipPartialLine;
        long skipping = -1; // >= 0: bytes of an over-long line seen so far, its start already kept
        var sequence = firstSequence;
        var stopped = false;
        LinesRead = linesBefore;
        try
        {
            while (!stopped)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped: the whole lines already read still go out (standard input cannot give them again),
                    // in a batch that does not end the split, so that a resumed run starts right after them.
                    Interrupted = true;
                    break;
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    // The lines read before the break are whole: they go out in the last batch, which names the break.
                    Failure = e;
                    FailureOffset = offset;
                    break;
                }
                var buffer = result.Buffer;
                while (true)
                {
                    if (skipping < 0 && input.StopAt is { } stop && offset >= stop && !skipPartial)
                    {
                        stopped = true; // the next line belongs to the next split
                        break;
                    }
                    var newline = buffer.PositionOf((byte)'\n');
                    if (newline is null)
                    {
                        // A line that started before this range and runs past its end: no line starts in the range,
                        // so the range is done, without reading the rest of that line (another range owns it).
                        if (skipPartial && input.StopAt is { } end && offset + buffer.Length >= end)
                            stopped = true;
                        break;
                    }
                    var line = buffer.Slice(0, newline.Value);
                    var consumed = line.Length + 1;
                    buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
                    offset += consumed;
                    if (skipPartial)
                    {
                        skipPartial = false; // the end of a line owned by the previous split
                        continue;
                    }
                    LinesRead++;
                    if (skipping >= 0)
                    {
                        builder.FinishTruncated(skipping + line.Length, LinesRead);
                        skipping = -1;
                    }
                    else
                    {
                        AddLine(builder, line, LinesRead);
                    }
                    if (builder.IsFull(batchLines))
                        yield return builder.Take(sequence++, offset, LinesRead, false);
                }
                if (stopped)
                {
                    reader.AdvanceTo(buffer.Start);
                    break;
                }

                if (result.IsCompleted)
                {
                    if ((buffer.Length > 0 || skipping >= 0) && !skipPartial)
                    {
                        // Last line without a terminator.
                        LinesRead++;
                        offset += buffer.Length;
                        if (skipping >= 0)
                            builder.FinishTruncated(skipping + buffer.Length, LinesRead);
                        else
                            AddLine(builder, buffer, LinesRead);
                        buffer = buffer.Slice(buffer.End);
                    }
                    reader.AdvanceTo(buffer.End);
                    break;
                }

                if (skipping < 0 && !skipPartial && buffer.Length > maxLineBytes)
                {
                    // An over-long line: keep its start, then drop bytes until its end.
                    builder.StartTruncated(buffer.Slice(0, maxLineBytes));
                    skipping = buffer.Length;
                    offset += buffer.Length;
                    reader.AdvanceTo(buffer.End);
                    continue;
                }
                if (skipping >= 0 || (skipPartial && buffer.Length > maxLineBytes))
                {
                    if (skipping >= 0)
                        skipping += buffer.Length;
                    offset += buffer.Length;
                    reader.AdvanceTo(buffer.End);
                    continue;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            yield return builder.Take(sequence, offset, LinesRead, isEnd: !Interrupted);
        }
        finally
        {
            builder.Dispose();
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void AddLine(BatchBuilder builder, ReadOnlySequence<byte> line, long number)
    {
        if (line.Length > 0 && EndsWithCarriageReturn(line))
            line = line.Slice(0, line.Length - 1);
        if (line.Length == 0)
        {
            BlankLines++;
            return;
        }
        if (line.Length > maxLineBytes)
        {
            builder.StartTruncated(line.Slice(0, maxLineBytes));
            builder.FinishTruncated(line.Length, number);
            return;
        }
        builder.Add(line, number);
    }

    private static bool EndsWithCarriageReturn(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }

    /// <summary>Accumulates lines into one pooled buffer.</summary>
    private sealed class BatchBuilder(InputSplit split, int batchBytes) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(batchBytes);
        private int _used;
        private List<LineRef> _lines = new(256);
        private int _truncatedStart = -1;
        private int _truncatedLength;

        public bool IsFull(int maxLines) => _lines.Count >= maxLines || _used >= batchBytes;

        public void Add(ReadOnlySequence<byte> line, long number)
        {
            var start = Append(line);
            _lines.Add(new LineRef(start, (int)line.Length, number, line.Length));
        }

        public void StartTruncated(ReadOnlySequence<byte> prefix)
        {
            _truncatedStart = Append(prefix);
            _truncatedLength = (int)prefix.Length;
        }

        public void FinishTruncated(long fullLength, long number)
        {
            _lines.Add(new LineRef(_truncatedStart, _truncatedLength, number, fullLength));
            _truncatedStart = -1;
        }

        private int Append(ReadOnlySequence<byte> bytes)
        {
            var needed = _used + (int)bytes.Length;
            if (needed > _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
                _buffer.AsSpan(0, _used).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            var start = _used;
            bytes.CopyTo(_buffer.AsSpan(start));
            _used = needed;
            return start;
        }

        public LineBatch Take(long sequence, long endOffset, long endLine, bool isEnd)
        {
            var batch = new LineBatch(split, sequence, _buffer, _lines, endOffset, endLine, isEnd);
            _buffer = isEnd ? [] : ArrayPool<byte>.Shared.Rent(batchBytes);
            _used = 0;
            _lines = new List<LineRef>(isEnd ? 0 : 256);
            return batch;
        }

        public void Dispose()
        {
            if (_buffer.Length > 0)
                ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
