using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Pipeline;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Files;
using EventRecovery.Job.Sources.Local;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Pipeline;

/// <summary>
/// A batch that no worker can finish (the core throws where it never should, or memory runs out) fails the run,
/// naming the lines: before, the worker's task died quietly and the run "completed" without that batch's lines.
/// </summary>
public sealed class RecoveryJobTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recovery-job-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A clock that fails: the core reads it only to date a failed row, so recovered rows never touch it.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("the clock is broken");
    }

    private static string Example(params string[] path) => Path.Combine([Loopback.RepositoryRoot(), "examples", .. path]);

    /// <summary>
    /// 1,200 lines recovered from the bundled example's recoverable rows, with one line that is not JSON at
    /// <paramref name="brokenAt"/>: a failed row, dated by the clock.
    /// </summary>
    private (string Path, int Lines) Input(RecoveryConfig config, int brokenAt)
    {
        var recoverer = new Recoverer(config);
        var recoverable = Directory
            .GetFiles(Example("bad-rows"), "*.jsonl")
            .Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(l => recoverer.Recover(l).Kind == OutcomeKind.Recovered)
            .ToList();
        Assert.NotEmpty(recoverable);
        var lines = Enumerable.Range(0, 1200).Select(i => recoverable[i % recoverable.Count]).ToList();
        lines[brokenAt] = "not a bad row";
        var path = Path.Combine(_dir, "input.jsonl");
        File.WriteAllLines(path, lines);
        return (path, lines.Count);
    }

    private async Task<(JobResult Result, RunCounters Counters, int RecoveredWritten)> Run(
        string input,
        RecoveryConfig config,
        TimeProvider clock
    )
    {
        var run = Path.Combine(_dir, "run-" + Guid.NewGuid().ToString("N")[..6]);
        var outputs = new JobOutputs(
            new Base64Lines(new PartFileSink(Path.Combine(run, "recovered"), "test")),
            new BadRowOutput("failed", folder => new PartFileSink(Path.Combine(run, "failed", folder), "test")),
            new BadRowOutput("unrecoverable", folder => new PartFileSink(Path.Combine(run, "unrecoverable", folder), "test"))
        );
        var counters = new RunCounters();
        JobResult result;
        await using (outputs)
        {
            // Small batches (MaxBuffered 100 on 2 workers: 12 lines each), so the input is a hundred of them.
            var job = new RecoveryJob(
                new Recoverer(config, new RecoveryOptions { Clock = clock }),
                new JobOptions { Workers = 2, MaxBuffered = 100 }
            );
            result = await job.RunAsync(LocalInputs.Resolve([input]), outputs, counters, CancellationToken.None);
        }
        var parts = Directory.Exists(Path.Combine(run, "recovered")) ? Directory.GetFiles(Path.Combine(run, "recovered"), "part-*") : [];
        return (result, counters, parts.Sum(p => File.ReadLines(p).Count()));
    }

    [Fact]
    public async Task A_batch_the_workers_cannot_finish_fails_the_run_naming_its_lines()
    {
        var config = ConfigLoader.Load(File.ReadAllText(Example("config.json")));
        var (input, lines) = Input(config, brokenAt: 1000);

        var (result, counters, written) = await Run(input, config, new BrokenClock());

        Assert.Equal(JobEnd.Failed, result.End);
        Assert.Contains("recovering " + input, result.Error);
        Assert.Matches(@"lines \d+-\d+ failed: InvalidOperationException: the clock is broken", result.Error);
        // Nothing is counted that was not written, and the broken line's batch is not written at all.
        Assert.Equal(counters.RecordsIn, counters.Recovered + counters.Failed + counters.Unrecoverable);
        Assert.Equal(counters.Recovered, written);
        Assert.Equal(0, counters.Failed);
        Assert.True(counters.RecordsIn < lines, $"{counters.RecordsIn} of {lines} lines counted");

        // The same input with a working clock: every line, the broken one as a failed row.
        var (control, all, allWritten) = await Run(input, config, TimeProvider.System);
        Assert.Equal(JobEnd.Completed, control.End);
        Assert.Equal((long)lines, all.RecordsIn);
        Assert.Equal(1, all.Failed);
        Assert.Equal(lines - 1, allWritten);
    }
}
