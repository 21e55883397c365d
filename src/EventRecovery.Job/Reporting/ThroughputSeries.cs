namespace EventRecovery.Job.Reporting;

/// <summary>
/// Lines and bytes done over a run's time, for the report's throughput chart: cumulative samples taken at an interval
/// that doubles whenever the series is full, so it stays bounded however long the run (a billion rows or a week of
/// running both end in at most <see cref="Capacity"/> samples, spread over the whole run). Thread-safe.
/// </summary>
public sealed class ThroughputSeries
{
    /// <summary>Most samples kept (the final one may be added beyond it).</summary>
    public const int Capacity = 240;

    private readonly object _gate = new();
    private readonly List<ThroughputSample> _samples = [new(0, 0, 0)];
    private double _interval;

    /// <param name="interval">Seconds between samples at the start of a run.</param>
    public ThroughputSeries(double interval = 1)
    {
        if (interval <= 0)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be positive");
        _interval = interval;
    }

    /// <summary>Seconds between kept samples now (doubled at each thinning).</summary>
    public double Interval
    {
        get
        {
            lock (_gate)
                return _interval;
        }
    }

    /// <summary>
    /// Offers the counts at <paramref name="seconds"/> since the start; kept when at least <see cref="Interval"/> after
    /// the last kept sample. Samples earlier than the last kept one are ignored.
    /// </summary>
    public void Offer(double seconds, long records, long bytes)
    {
        lock (_gate)
        {
            if (seconds < _samples[^1].Seconds + _interval)
                return;
            if (_samples.Count >= Capacity)
                Thin();
            _samples.Add(new ThroughputSample(Math.Round(seconds, 3), records, bytes));
        }
    }

    /// <summary>Records the counts at the end of the run, whatever the interval.</summary>
    public void Finish(double seconds, long records, long bytes)
    {
        lock (_gate)
        {
            if (seconds <= _samples[^1].Seconds)
                return;
            _samples.Add(new ThroughputSample(Math.Round(seconds, 3), records, bytes));
        }
    }

    /// <summary>The samples so far, oldest first; the first is the start (0, 0, 0).</summary>
    public List<ThroughputSample> Samples()
    {
        lock (_gate)
            return [.. _samples];
    }

    // Keeps every other sample (the start always): samples are cumulative, so the rate between the kept ones stays exact.
    private void Thin()
    {
        var kept = new List<ThroughputSample>(Capacity / 2 + 1);
        for (var i = 0; i < _samples.Count; i += 2)
            kept.Add(_samples[i]);
        _samples.Clear();
        _samples.AddRange(kept);
        _interval *= 2;
    }
}

/// <summary>What a run had done <see cref="Seconds"/> after it started.</summary>
/// <param name="Seconds">Seconds since the start of the run.</param>
/// <param name="Records">Records done by then (numRecordsIn).</param>
/// <param name="Bytes">Input bytes read by then.</param>
public sealed record ThroughputSample(double Seconds, long Records, long Bytes);
