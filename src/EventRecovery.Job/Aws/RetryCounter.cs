using EventRecovery.Job.Sinks.S3;
using EventRecovery.Job.Sources.S3;
namespace EventRecovery.Job.Aws;

/// <summary>A thread-safe count of retries, reported in the run summary (sink and source retries).</summary>
public sealed class RetryCounter
{
    private long _count;

    /// <summary>Retries so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    internal void Increment()
    {
        Interlocked.Increment(ref _count);
        Metrics.JobInstruments.S3Retries.Add(1);
    }
}
