using EventRecovery.Job.Metrics;

namespace EventRecovery.Job.Sinks;

/// <summary>
/// Where records of one kind go (recovered payloads, failed rows, unrecoverable rows). Called from a single
/// writer, never concurrently. A record is durable only once <see cref="FlushAsync"/> or
/// <see cref="CompleteAsync"/> has returned.
/// </summary>
public interface IRecordSink : IAsyncDisposable
{
    /// <summary>A short description for messages, e.g. the directory or stream.</summary>
    string Description { get; }

    /// <summary>Checks, before any input is read, that the destination can be written; throws <see cref="OutputException"/> if
    /// not.</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);

    /// <summary>Adds one record (one recovered payload, or one bad row JSON line).</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken);

    /// <summary>Makes everything written so far durable.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Makes everything durable and closes the output (renames finished part files).</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>This sink's own counters for the run's metrics (requests, retries), or null when it has none.</summary>
    IInstrumented? Instruments => null;
}
