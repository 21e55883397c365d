using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Stdout;

namespace EventRecovery.Job.Pipeline;

/// <summary>
/// The three destinations of a run. <see cref="Failed"/> and <see cref="Unrecoverable"/> may be one and the same
/// output (both kinds of rows in one place); completing or disposing it twice is harmless.
/// </summary>
public sealed record JobOutputs(IRecordSink Recovered, BadRowOutput Failed, BadRowOutput Unrecoverable) : IAsyncDisposable
{
    /// <summary>Checks every destination before any input is read.</summary>
    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        await Recovered.CheckWritableAsync(cancellationToken).ConfigureAwait(false);
        await Failed.CheckWritableAsync(cancellationToken).ConfigureAwait(false);
        await Unrecoverable.CheckWritableAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes everything written so far durable.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await Recovered.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Failed.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Unrecoverable.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes every destination.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await Recovered.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await Failed.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await Unrecoverable.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Recovered.DisposeAsync().ConfigureAwait(false);
        await Failed.DisposeAsync().ConfigureAwait(false);
        await Unrecoverable.DisposeAsync().ConfigureAwait(false);
    }
}
