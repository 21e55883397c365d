namespace EventRecovery.Job.Sinks.Stdout;

/// <summary>Records as lines on a stream, e.g. standard output (<c>--output -</c>).</summary>
public sealed class StreamSink(Stream stream, string description) : IRecordSink
{
    private readonly BufferedStream _buffered = new(stream, 1 << 16);

    /// <inheritdoc />
    public string Description => description;

    /// <inheritdoc />
    public Task CheckWritableAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        try
        {
            await _buffered.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            _buffered.WriteByte((byte)'\n');
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _buffered.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    /// <summary>A closed pipe (EPIPE) is the common case: the reader of <c>| head</c> has gone.</summary>
    private OutputException Failed(IOException e) =>
        new(
            $"writing to {description} failed: {e.Message}{(e.HResult == 32 || e.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase) ? " (the reading end was closed)" : "")}",
            e
        );

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
