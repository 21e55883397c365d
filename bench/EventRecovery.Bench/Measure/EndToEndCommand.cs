using System.Text.Json;
using EventRecovery.Bench.Cli;

namespace EventRecovery.Bench.Measure;

/// <summary>Figures of one end-to-end configuration (median over the runs); <paramref name="OneCore"/>: pinned to one CPU.</summary>
internal sealed record EndToEndResult(
    int Workers,
    bool OneCore,
    Throughput Median,
    double PeakRssMb,
    long Recovered,
    long Failed,
    long Unrecoverable
)
{
    public string Label => OneCore ? "1 worker, pinned to 1 core" : $"{Workers} worker{(Workers == 1 ? "" : "s")}";
}

/// <summary>
/// <c>e2e</c>: the built CLI (<c>event-recovery run</c>, Release) as a child process, file → file into a
/// temporary directory: wall time from start to exit, peak RSS, and the counts from its JSON summary.
/// <c>--one-core</c> runs it under <c>taskset -c 0</c>: the whole process (reader, worker, writer, JIT, GC) on
/// one CPU, which is what "one core" means; <c>--workers 1</c> alone still lets the reader, the writer and the
/// JIT use the other cores.
/// </summary>
internal static class EndToEndCommand
{
    public static int Run(Args args)
    {
        var corpus = args.Required("corpus");
        var config = args.Required("config");
        var runs = args.Int("runs", 3);
        var cli = args.Get("cli") ?? EnsureCli();
        var workDir = args.Get("work-dir", Path.Combine(Path.GetTempPath(), "event-recovery-bench"));
        var oneCore = args.Has("one-core");
        var workers =
            oneCore ? [1]
            : args.Get("workers") is null ? CoreCommand.ThreadCounts()
            : [args.Int("workers", 1)];
        ChildRun.WarmPageCache(corpus);
        foreach (var n in workers)
        {
            var r = Measure(cli, corpus, config, n, runs, workDir, Console.Out, oneCore);
            Console.WriteLine(
                $"e2e   {r.Label}: {r.Median}   peak RSS {r.PeakRssMb:F0} MB; recovered {r.Recovered:N0}, failed {r.Failed:N0}, unrecoverable {r.Unrecoverable:N0}"
            );
        }
        return 0;
    }

    public static string EnsureCli()
    {
        RepoPaths.BuildCli();
        return RepoPaths.Cli;
    }

    /// <summary>The taskset that pins a process to CPU 0, if installed (util-linux).</summary>
    public static string? Taskset => new[] { "/usr/bin/taskset", "/bin/taskset" }.FirstOrDefault(File.Exists);

    public static EndToEndResult Measure(
        string cli,
        string corpus,
        string config,
        int workers,
        int runs,
        string workDir,
        TextWriter log,
        bool oneCore = false
    )
    {
        var taskset = oneCore
            ? Taskset ?? throw new InvalidOperationException("--one-core needs taskset (apt-get install -y util-linux)")
            : null;
        var bytes = new FileInfo(corpus).Length;
        var results = new List<Throughput>();
        var rss = new List<double>();
        JsonElement summary = default;
        for (var r = 0; r < runs; r++)
        {
            var dir = Path.Combine(workDir, $"e2e-{workers}w{(oneCore ? "-pinned" : "")}-{r}");
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
            ChildRun.SettleDisk();
            var summaryPath = Path.Combine(dir, "summary.json");
            string[] runArgs =
            [
                "run",
                "--input",
                corpus,
                "--config",
                config,
                "--output",
                Path.Combine(dir, "out"),
                "--workers",
                workers.ToString(),
                "--summary-json",
                summaryPath,
            ];
            var result = taskset is null ? ChildRun.Run(cli, runArgs, dir) : ChildRun.Run(taskset, ["-c", "0", cli, .. runArgs], dir);
            if (result.ExitCode != 0 || !File.Exists(summaryPath))
                throw new InvalidOperationException($"{cli} exited with {result.ExitCode}:\n{result.Stderr}");
            summary = JsonDocument.Parse(File.ReadAllText(summaryPath)).RootElement.Clone();
            var lines = summary.GetProperty("numRecordsIn").GetInt64();
            results.Add(new Throughput(result.WallSeconds, lines, bytes, result.CpuSeconds));
            rss.Add(result.PeakRssMb);
            log.WriteLine(
                $"  e2e {workers}w{(oneCore ? " pinned" : "")} run {r + 1}: {results[^1]}  peak RSS {result.PeakRssMb:F0} MB, load {Stats.LoadAverage()}"
            );
            Directory.Delete(dir, recursive: true);
        }
        return new EndToEndResult(
            workers,
            oneCore,
            Throughput.Median(results),
            Stats.Median(rss),
            summary.GetProperty("recovered").GetInt64(),
            summary.GetProperty("failed").GetInt64(),
            summary.GetProperty("unrecoverable").GetInt64()
        );
    }
}

/// <summary>
/// <c>jq</c>: the general-purpose peer, <c>jq -c . corpus &gt; /dev/null</c>, timed like <c>e2e</c>
/// (parse every line, print it compact: the least a JSON-in, JSON-out tool does).
/// </summary>
internal static class JqCommand
{
    public static int Run(Args args)
    {
        var corpus = args.Required("corpus");
        var r = Measure(
            corpus,
            args.Int("runs", 3),
            args.Get("work-dir", Path.Combine(Path.GetTempPath(), "event-recovery-bench")),
            Console.Out
        );
        if (r is null)
            return 1;
        Console.WriteLine($"jq -c .: {r.Value.Median}   peak RSS {r.Value.PeakRssMb:F0} MB");
        return 0;
    }

    public static (Throughput Median, double PeakRssMb)? Measure(string corpus, int runs, string workDir, TextWriter log)
    {
        var jq = new[] { "/usr/bin/jq", "/usr/local/bin/jq" }.FirstOrDefault(File.Exists);
        if (jq is null)
        {
            log.WriteLine("jq is not installed (apt-get install -y jq): skipped");
            return null;
        }
        ChildRun.WarmPageCache(corpus);
        var bytes = new FileInfo(corpus).Length;
        var lines = ChildRun.CountLines(corpus);
        var results = new List<Throughput>();
        var rss = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var result = ChildRun.Run(jq, ["-c", ".", corpus], Path.Combine(workDir, "jq"));
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"jq exited with {result.ExitCode}: {result.Stderr}");
            results.Add(new Throughput(result.WallSeconds, lines, bytes, result.CpuSeconds));
            rss.Add(result.PeakRssMb);
            log.WriteLine($"  jq run {r + 1}: {results[^1]}  peak RSS {result.PeakRssMb:F0} MB, load {Stats.LoadAverage()}");
        }
        return (Throughput.Median(results), Stats.Median(rss));
    }
}
