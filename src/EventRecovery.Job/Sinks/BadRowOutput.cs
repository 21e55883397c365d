namespace EventRecovery.Job.Sinks;

/// <summary>
/// Failed or unrecoverable rows, one folder per bad row schema as the original lays them out:
/// <c>&lt;root&gt;/com.snowplowanalytics.snowplow.badrows.recovery_error/</c> (and
/// <c>…collector_payload_format_violation/</c> for lines that were not bad rows).
/// </summary>
public sealed class BadRowOutput(string description, Func<string, IRecordSink> sinkForFolder) : IAsyncDisposable
{
    /// <summary>Folder of recovery_error rows.</summary>
    public const string RecoveryErrorFolder = "com.snowplowanalytics.snowplow.badrows.recovery_error";

    /// <summary>Folder of rows for lines that were not bad rows.</summary>
    public const string FormatViolationFolder = "com.snowplowanalytics.snowplow.badrows.collector_payload_format_violation";

    private readonly Dictionary<string, IRecordSink> _sinks = new(StringComparer.Ordinal);

    /// <summary>Where the rows go, for messages.</summary>
    public string Description { get; } = description;

    /// <summary>The sink of one folder, created on first use.</summary>
    public IRecordSink For(string folder)
    {
        if (!_sinks.TryGetValue(folder, out var sink))
        {
            sink = sinkForFolder(folder);
            _sinks.Add(folder, sink);
        }
        return sink;
    }

    /// <summary>Checks the root can be written.</summary>
    public Task CheckWritableAsync(CancellationToken cancellationToken) => For(RecoveryErrorFolder).CheckWritableAsync(cancellationToken);

    /// <summary>Makes every folder's records durable.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks.Values)
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes every folder.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks.Values)
            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var sink in _sinks.Values)
            await sink.DisposeAsync().ConfigureAwait(false);
    }
}
