using System.Buffers.Text;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Job.Sinks;

/// <summary>
/// Recovered payloads for line-based outputs (files, S3, stdout): one standard base64 Thrift payload per line,
/// the format Snowplow tools read back.
/// </summary>
public sealed class Base64Lines(IRecordSink inner) : IRecordSink
{
    private byte[] _scratch = new byte[4096];

    /// <inheritdoc />
    public string Description => inner.Description;

    /// <inheritdoc />
    public Task CheckWritableAsync(CancellationToken cancellationToken) => inner.CheckWritableAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        var needed = Base64.GetMaxEncodedToUtf8Length(record.Length);
        if (_scratch.Length < needed)
            _scratch = new byte[Math.Max(needed, _scratch.Length * 2)];
        Base64.EncodeToUtf8(record.Span, _scratch, out _, out var written);
        return inner.WriteAsync(_scratch.AsMemory(0, written), cancellationToken);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken) => inner.CompleteAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <inheritdoc />
    public IInstrumented? Instruments => inner.Instruments;
}
