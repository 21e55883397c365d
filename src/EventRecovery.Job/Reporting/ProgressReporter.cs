using System.Diagnostics;
using System.Globalization;

namespace EventRecovery.Job.Reporting;

/// <summary>
/// Shows progress while a run goes: a live line rewritten in place on a terminal, or a plain log line every
/// <c>logInterval</c> when the output is a file or a pipe (CI logs, orchestrators).
/// </summary>
public sealed class ProgressReporter(
    RunCounters counters,
    TextWriter output,
    bool interactive,
    long totalBytes,
    TimeSpan? logInterval = null
) : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _lastWidth;

    /// <summary>Starts reporting in the background.</summary>
    public void Start()
    {
        var period = interactive ? TimeSpan.FromMilliseconds(500) : logInterval ?? TimeSpan.FromSeconds(10);
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(period);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                    Report();
            }
            catch (OperationCanceledException) { }
        });
    }

    private void Report()
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var bytes = counters.BytesRead;
        var percent = totalBytes > 0 ? $" {Math.Min(100, 100.0 * bytes / totalBytes):0.0}%" : "";
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{counters.RecordsIn} lines{percent} | {bytes / 1e6:0.0} MB | {counters.RecordsIn / seconds:0} lines/s {bytes / 1e6 / seconds:0.0} MB/s | recovered {counters.Recovered} failed {counters.Failed} unrecoverable {counters.Unrecoverable} | {_clock.Elapsed:hh\\:mm\\:ss}"
        );
        if (interactive)
        {
            output.Write("\r" + text.PadRight(_lastWidth));
            _lastWidth = text.Length;
        }
        else
        {
            output.WriteLine("progress: " + text);
        }
        output.Flush();
    }

    /// <summary>Stops reporting and clears the live line.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        if (interactive && _lastWidth > 0)
            output.Write("\r" + new string(' ', _lastWidth) + "\r");
        _stop.Dispose();
    }
}
