using System.Diagnostics.Metrics;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// Instruments updated from deep inside the job, where no per-run object reaches: outputs count the part files
/// they complete and S3 operations they retry here. Adding to an instrument nobody listens to costs next to nothing.
/// </summary>
public static class JobInstruments
{
    /// <summary>The process-wide meter, named like the per-run one (<see cref="MetricNames.Meter"/>).</summary>
    public static readonly Meter Meter = new(MetricNames.Meter);

    /// <summary><see cref="MetricNames.PartsWritten"/>: add 1 when a part file or object is complete under its final name.</summary>
    public static readonly Counter<long> PartsWritten = Meter.CreateCounter<long>(
        MetricNames.PartsWritten,
        "{file}",
        "Output part files (or objects) completed"
    );

    /// <summary><see cref="MetricNames.S3Retries"/>: add 1 for each retried S3 operation.</summary>
    public static readonly Counter<long> S3Retries = Meter.CreateCounter<long>(
        MetricNames.S3Retries,
        "{request}",
        "S3 operations retried (uploads, downloads, listings, checkpoints)"
    );
}
