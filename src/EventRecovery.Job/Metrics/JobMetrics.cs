using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventRecovery.Job.Reporting;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// The metrics of one run: a <see cref="Meter"/> named <see cref="MetricNames.Meter"/> whose observable counters
/// read the run's <see cref="RunCounters"/> (and the instruments of a sink that has its own, such as Kinesis's requests and retries).
/// Values
/// are cumulative since the start of the run. The four outcome counters are read from one consistent snapshot, so
/// every export satisfies <c>numRecordsIn = events_recovered + events_failed + events_unrecoverable</c>.
/// Dispose after the exporters have made their final flush.
/// </summary>
public sealed class JobMetrics : IDisposable
{
    // Observable callbacks of one collection run back to back; a snapshot older than this is taken again.
    private static readonly long SnapshotTtl = Stopwatch.Frequency / 10;

    private readonly RunCounters _run;
    private readonly Lock _gate = new();
    private Snapshot _snapshot;
    private long _snapshotAt;
    private bool _hasSnapshot;

    /// <summary>Creates the meter and its instruments.</summary>
    public JobMetrics(RunCounters run, IInstrumented? sink = null, string? version = null)
    {
        _run = run;
        _ = JobInstruments.PartsWritten; // created now, so that exports list parts_written and s3_retries from the start
        Meter = new Meter(MetricNames.Meter, version);
        Meter.CreateObservableCounter(
            MetricNames.RecordsIn,
            () => Current().RecordsIn,
            "{record}",
            "Records (non-blank lines) whose outcome is written"
        );
        Meter.CreateObservableCounter(MetricNames.Recovered, () => Current().Recovered, "{record}", "Records recovered");
        Meter.CreateObservableCounter(MetricNames.Failed, () => Current().Failed, "{record}", "Records that failed recovery");
        Meter.CreateObservableCounter(
            MetricNames.Unrecoverable,
            () => Current().Unrecoverable,
            "{record}",
            "Records that can never be recovered"
        );
        Meter.CreateObservableCounter(MetricNames.InputBytes, () => run.BytesRead, MetricNames.BytesUnit, "Input bytes read, as stored");
        Meter.CreateObservableCounter(MetricNames.InputSplitsDone, () => run.SplitsDone, "{split}", "Input splits read to the end");
        Meter.CreateObservableCounter(
            MetricNames.InputSplitsCorrupt,
            () => (long)run.CorruptInputs.Count,
            "{split}",
            "Input splits that broke off while read (corrupt or unreadable)"
        );
        Meter.CreateObservableCounter(MetricNames.BlankLines, () => run.BlankLines, "{line}", "Blank input lines, skipped");
        sink?.AddInstruments(Meter);
    }

    /// <summary>The run's meter.</summary>
    public Meter Meter { get; }

    /// <summary>Whether an instrument belongs to this run's metrics (its own meter, or the process-wide instruments).</summary>
    public bool Owns(Instrument instrument) => instrument.Meter == Meter || instrument.Meter == JobInstruments.Meter;

    /// <summary>Takes a new snapshot of the outcome counters now, for the collection that follows.</summary>
    public void Refresh()
    {
        lock (_gate)
            TakeSnapshot();
    }

    private Snapshot Current()
    {
        lock (_gate)
        {
            if (!_hasSnapshot || Stopwatch.GetTimestamp() - _snapshotAt > SnapshotTtl)
                TakeSnapshot();
            return _snapshot;
        }
    }

    private void TakeSnapshot()
    {
        // The writer counts a record in numRecordsIn and then in its outcome: the sum of the outcomes read together
        // is the number of records fully counted, equal to RunCounters.RecordsIn whenever the writer is between records.
        var recovered = _run.Recovered;
        var failed = _run.Failed;
        var unrecoverable = _run.Unrecoverable;
        _snapshot = new Snapshot(recovered + failed + unrecoverable, recovered, failed, unrecoverable);
        _snapshotAt = Stopwatch.GetTimestamp();
        _hasSnapshot = true;
    }

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    private readonly record struct Snapshot(long RecordsIn, long Recovered, long Failed, long Unrecoverable);
}
