using System.Diagnostics.Metrics;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// Instruments updated from deep inside the job, where no per-run object reaches: outputs count the part files
/// they complete here. Adding to an instrument nobody listens to costs next to nothing.
/// </summary>
public static class JobInstruments
{
    /// <summary>The process-wide meter, named like the per-run one (<see cref="MetricNames.Meter"/>).</summary>
    public static readonly Meter Meter = new(MetricNames.Meter);

    /// <summary><see cref="MetricNames.PartsWritten"/>: add 1 when a part file or object is complete under its final name.</summary>
    public static readonly Counter<long> PartsWritten =
        Meter.CreateCounter<long>(MetricNames.PartsWritten, "{file}", "Output part files (or objects) completed");
}
