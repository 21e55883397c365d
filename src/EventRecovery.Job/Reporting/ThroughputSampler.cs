using System.Diagnostics;

namespace EventRecovery.Job.Reporting;

/// <summary>Samples a run's counters into a <see cref="ThroughputSeries"/> in the background while the run goes.</summary>
public sealed class ThroughputSampler(RunCounters counters, ThroughputSeries series) : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>The series being filled.</summary>
    public ThroughputSeries Series => series;

    /// <summary>Starts sampling; the series decides which samples it keeps.</summary>
    public void Start()
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(series.Interval));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                    series.Offer(_clock.Elapsed.TotalSeconds, counters.RecordsIn, counters.BytesRead);
            }
            catch (OperationCanceledException) { }
        });
    }

    /// <summary>Stops sampling and records the final counts.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        series.Finish(_clock.Elapsed.TotalSeconds, counters.RecordsIn, counters.BytesRead);
        _stop.Dispose();
    }
}
