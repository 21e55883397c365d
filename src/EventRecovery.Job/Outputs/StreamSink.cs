namespace EventRecovery.Job.Outputs;

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
        await _buffered.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        _buffered.WriteByte((byte)'\n');
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => _buffered.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
