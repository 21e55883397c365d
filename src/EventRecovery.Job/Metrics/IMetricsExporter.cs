namespace EventRecovery.Job.Metrics;

/// <summary>
/// Exports a run's metrics every <see cref="MetricsSettings.Interval"/> once started. Disposing makes the final
/// export (after the run has ended, so that the figures balance), waits for it and stops.
/// Export failures are reported on the log, never fail the run.
/// </summary>
public interface IMetricsExporter : IAsyncDisposable
{
    /// <summary>Where the metrics go, for messages.</summary>
    string Description { get; }

    /// <summary>Exports the current values now; false if the export did not go through.</summary>
    Task<bool> FlushAsync(CancellationToken cancellationToken);
}
