using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Studio.Samples;

namespace EventRecovery.Studio.Runs;

/// <summary>The state of the latest run started.</summary>
public enum RunState
{
    /// <summary>Recovering the sample.</summary>
    Running,

    /// <summary>Finished: it is the run the page shows.</summary>
    Finished,

    /// <summary>Stopped when asked: the run before it is still the one shown.</summary>
    Cancelled,

    /// <summary>Stopped by an error (a bug: bad data never stops a run).</summary>
    Failed,
}

/// <summary>Where the latest run started is, for the page's progress bar.</summary>
/// <param name="Number">The run's number.</param>
/// <param name="State">Running, finished, cancelled or failed.</param>
/// <param name="Done">Rows recovered so far.</param>
/// <param name="Total">Rows in the sample.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
public sealed record RunStatus(int Number, RunState State, int Done, int Total, string? Error);

/// <summary>
/// Recovers the sample with a configuration, one run at a time, on a thread of its own (never a request's), so a run on
/// a large sample cannot hold the server up; a run can be cancelled and reports its progress. Keeps the latest finished
/// run and what it changed against the one before.
/// </summary>
public sealed class SampleRunner : IDisposable
{
    private readonly Sample _sample;
    private readonly RecoveryOptions _options;
    private readonly RecoveredEventCheck? _check;
    private readonly Lock _gate = new();
    private Active? _active;
    private int _lastNumber;

    private sealed class Active(int number, CancellationTokenSource cancel)
    {
        public readonly int Number = number;
        public readonly CancellationTokenSource Cancel = cancel;
        public int Done;
        public RunState State = RunState.Running;
        public string? Error;
        public Task Task = Task.CompletedTask;
    }

    /// <summary>Creates the runner for a sample.</summary>
    /// <param name="sample">The lines every run recovers.</param>
    /// <param name="options">The recoverer's options, as <c>run</c> would use them.</param>
    /// <param name="check">Verification against Iglu of each recovered payload (report mode), or null.</param>
    public SampleRunner(Sample sample, RecoveryOptions options, RecoveredEventCheck? check)
    {
        _sample = sample;
        _options = options;
        _check = check;
    }

    /// <summary>Called before each row of a run with the run's cancellation (tests hold a run with it).</summary>
    internal Action<CancellationToken>? BeforeEachRow { get; set; }

    /// <summary>The latest finished run and what it changed; null before the first one finished.</summary>
    public ShownRun? Shown { get; private set; }

    /// <summary>Starts a run with <paramref name="config"/>; false (and the running one's status) when a run is under way.</summary>
    public bool TryStart(string configText, RecoveryConfig config, out RunStatus status)
    {
        lock (_gate)
        {
            if (_active is { State: RunState.Running })
            {
                status = StatusOf(_active);
                return false;
            }
            var active = new Active(++_lastNumber, new CancellationTokenSource());
            _active?.Cancel.Dispose();
            _active = active;
            active.Task = Task.Factory.StartNew(
                () => Run(active, configText, config),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default
            );
            status = StatusOf(active);
            return true;
        }
    }

    /// <summary>The latest run started; null before any.</summary>
    public RunStatus? Status()
    {
        lock (_gate)
            return _active is null ? null : StatusOf(_active);
    }

    /// <summary>Asks run <paramref name="number"/> to stop; false when it is not the one running.</summary>
    public bool Cancel(int number)
    {
        lock (_gate)
        {
            if (_active is not { State: RunState.Running } active || active.Number != number)
                return false;
            active.Cancel.Cancel();
            return true;
        }
    }

    /// <summary>Waits for the latest run started to end (tests, and the command's first run).</summary>
    public Task WhenIdle()
    {
        lock (_gate)
            return _active?.Task ?? Task.CompletedTask;
    }

    private RunStatus StatusOf(Active active) =>
        new(active.Number, active.State, Volatile.Read(ref active.Done), _sample.Lines.Count, active.Error);

    private void Run(Active active, string configText, RecoveryConfig config)
    {
        try
        {
            var cancel = active.Cancel.Token;
            var before = BeforeEachRow;
            var run = SampleRun.Recover(
                active.Number,
                configText,
                config,
                _options,
                _sample,
                _check,
                () => Interlocked.Increment(ref active.Done),
                before is null ? cancel.ThrowIfCancellationRequested : () => before(cancel),
                cancel
            );
            lock (_gate)
            {
                Shown = new ShownRun(run, Shown is null ? null : RunChanges.Between(Shown.Run, run));
                active.State = RunState.Finished;
            }
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
                active.State = RunState.Cancelled;
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                active.State = RunState.Failed;
                active.Error = $"{e.GetType().Name}: {e.Message}";
            }
        }
    }

    /// <summary>Stops a run under way.</summary>
    public void Dispose()
    {
        lock (_gate)
            _active?.Cancel.Cancel();
    }
}

/// <summary>The run the page shows: the latest finished one, and what it changed against the one before.</summary>
/// <param name="Run">The latest finished run.</param>
/// <param name="Changes">Against the run finished before it; null for the first.</param>
public sealed record ShownRun(SampleRun Run, RunChanges? Changes);
