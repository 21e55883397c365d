using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventRecovery.Bench.Cli;
using EventRecovery.Bench.Measure;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Bench.Kinesis;

/// <summary>
/// <c>kinesis</c>: the Kinesis sink's speed, against <see cref="FakeKinesis"/> on loopback (so the client, not the
/// server, is what takes the time), for one build of the CLI or two alternated run by run (base new, new base, …):
/// the machine's drift lands on both alike. Every run is a child process, measured from outside.
/// <list type="bullet">
/// <item><c>--mode sink</c> (default): the sink alone (<see cref="SinkRun"/>) fed the recovered payloads of the
/// corpus, timed after a warm-up, with its process's CPU time and allocations.</item>
/// <item><c>--mode run</c>: the whole CLI, <c>run --output kinesis://bench</c> over the corpus, from start to exit:
/// what a user sees, where the recovery core takes its share.</item>
/// </list>
/// Each run is checked: the endpoint must have taken exactly the records written. The endpoint's own CPU time (this
/// process's, which does nothing else meanwhile) is reported, to show it was not the bottleneck.
/// </summary>
internal static class KinesisCommand
{
    private const string Stream = "bench";

    private static readonly Dictionary<string, string> ChildEnvironment = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDBENCH",
        ["AWS_SECRET_ACCESS_KEY"] = "bench-secret",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public static int Run(Args args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(Args args)
    {
        var mode = args.Get("mode", "sink");
        if (mode is not ("sink" or "run"))
            throw new UsageException($"--mode {mode}: expected sink or run");
        var corpus = args.Required("corpus");
        var config = args.Required("config");
        var workDir = args.Get("work-dir", Path.Combine(Path.GetTempPath(), "event-recovery-bench", "kinesis"));
        Directory.CreateDirectory(workDir);
        var builds = new List<(string Name, string Dir)>();
        if (args.Get("base") is { } baseDir)
            builds.Add(("base", CheckBuild(baseDir, mode)));
        builds.Add(
            ("new", CheckBuild(args.Get("new") ?? Path.Combine(RepoPaths.Root(), "src/EventRecovery.Cli/bin/Release/net10.0"), mode))
        );
        var pairs = args.Int(builds.Count == 2 ? "pairs" : "runs", 5);

        await using var fake = await FakeKinesis.StartAsync();
        await fake.WarmUpAsync();
        var url = fake.Url.ToString();
        Func<string, string, RunFigures> measure;
        string what;
        if (mode == "sink")
        {
            var payloads = Path.Combine(workDir, "payloads.bin");
            var (count, bytes) = RecoveredPayloads(corpus, config, args.Size("max-bytes", 50_000_000), payloads);
            var records = args.Int("records", 500_000);
            var warm = args.Int("warm", 20_000);
            what =
                $"sink alone: {records:N0} records ({records - Math.Min(warm, records / 2):N0} timed, after a warm-up), cycling "
                + $"through {count:N0} recovered payloads of {corpus} (mean {bytes / (double)count:F0} bytes)";
            measure = (dir, runDir) => MeasureSink(dir, runDir, url, payloads, records, warm);
        }
        else
        {
            ChildRun.WarmPageCache(corpus);
            what = $"the CLI: run --input {corpus} --output kinesis://{Stream}, whole process";
            measure = (dir, runDir) => MeasureCli(dir, runDir, url, corpus, config);
        }

        Console.WriteLine($"kinesis --mode {mode}: {what}; endpoint {fake.Url}");
        foreach (var (name, dir) in builds)
            Console.WriteLine($"  {name}: {dir}");

        var figures = builds.Select(_ => new List<RunFigures>()).ToArray();
        for (var p = 0; p < pairs; p++)
        {
            var order = p % 2 == 0 ? Enumerable.Range(0, builds.Count) : Enumerable.Range(0, builds.Count).Reverse();
            foreach (var k in order)
            {
                var runDir = Path.Combine(workDir, $"{builds[k].Name}-{p}");
                var before = (fake.Records, Cpu: Process.GetCurrentProcess().TotalProcessorTime);
                var run = measure(builds[k].Dir, runDir);
                var taken = fake.Records - before.Records;
                if (taken != run.Records + run.UntimedRecords)
                    throw new InvalidOperationException(
                        $"{builds[k].Name} run {p + 1}: wrote {run.Records + run.UntimedRecords:N0} records, the endpoint took {taken:N0}"
                    );
                run = run with { EndpointCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - before.Cpu).TotalSeconds };
                figures[k].Add(run);
                Console.WriteLine($"  {builds[k].Name, -4} run {p + 1}: {run}  load {Stats.LoadAverage()}");
            }
        }

        var ci = CultureInfo.InvariantCulture;
        for (var k = 0; k < builds.Count; k++)
        {
            var runs = figures[k];
            Console.WriteLine(
                $"{builds[k].Name, -4} median: {Stats.Median(runs.Select(r => r.RecordsPerSecond).ToList()), 9:N0} records/s, "
                    + $"{Stats.Median(runs.Select(r => r.RecordsPerCpuSecond).ToList()), 9:N0} records/CPU-s"
                    + (mode == "sink" ? $", {Stats.Median(runs.Select(r => r.AllocatedPerRecord).ToList()):N0} B allocated/record" : "")
                    + $"; endpoint {Stats.Median(runs.Select(r => r.EndpointShare).ToList()):P0} of the client's CPU"
            );
        }
        if (builds.Count == 2)
        {
            var wall = figures[1].Zip(figures[0], (n, b) => n.RecordsPerSecond / b.RecordsPerSecond).ToList();
            var cpu = figures[1].Zip(figures[0], (n, b) => n.RecordsPerCpuSecond / b.RecordsPerCpuSecond).ToList();
            Console.WriteLine(
                string.Create(ci, $"new/base, records/s (wall), per pair: {Stats.Runs(wall)}; median {Stats.Median(wall):F3}x")
            );
            Console.WriteLine(
                string.Create(ci, $"new/base, records per CPU-second, per pair: {Stats.Runs(cpu)}; median {Stats.Median(cpu):F3}x")
            );
        }
        Console.WriteLine($"uptime: {Uptime()}");
        return 0;
    }

    /// <summary>
    /// A build directory: for the sink alone, the CLI's build output (the job's assembly is loaded from it); for the whole
    /// CLI, any directory with an <c>event-recovery</c> program, such as <c>artifacts/linux-x64</c> of <c>scripts/publish.sh</c>.
    /// </summary>
    private static string CheckBuild(string dir, string mode)
    {
        var full = Path.GetFullPath(dir);
        if (mode == "run" ? !File.Exists(Path.Combine(full, "event-recovery")) : !File.Exists(Path.Combine(full, "EventRecovery.Job.dll")))
            throw new UsageException(
                mode == "run"
                    ? $"{full} has no event-recovery program: pass artifacts/linux-x64 (scripts/publish.sh) or the CLI's build output"
                    : $"{full} has no EventRecovery.Job.dll: dotnet build src/EventRecovery.Cli -c Release, "
                        + "then pass src/EventRecovery.Cli/bin/Release/net10.0"
            );
        return full;
    }

    /// <summary>The payloads the core recovers from the corpus's first <paramref name="maxBytes"/>, to <paramref name="path"/>.</summary>
    private static (int Count, long Bytes) RecoveredPayloads(string corpus, string config, long maxBytes, string path)
    {
        var recoverer = new Recoverer(ConfigLoader.Load(File.ReadAllText(config)));
        var payloads = new List<byte[]>();
        foreach (var line in LoadedCorpus.Load(corpus, maxBytes).Lines)
            if (recoverer.Recover(line) is { Kind: OutcomeKind.Recovered, Payload: { } payload })
                payloads.Add(payload);
        if (payloads.Count == 0)
            throw new UsageException($"no line of {corpus} is recovered with {config}: nothing to send");
        PayloadFile.Write(path, payloads);
        return (payloads.Count, payloads.Sum(p => (long)p.Length));
    }

    private static RunFigures MeasureSink(string build, string runDir, string endpoint, string payloads, int records, int warm)
    {
        Directory.CreateDirectory(runDir);
        var output = Path.Combine(runDir, "figures.json");
        File.Delete(output);
        var bench = Environment.ProcessPath ?? throw new InvalidOperationException("no path to this program");
        var environment = new Dictionary<string, string>(ChildEnvironment)
        {
            // As the CLI runs: no dynamic PGO, hot methods tiered up at once (its runtimeconfig).
            ["DOTNET_TieredPGO"] = "0",
            ["DOTNET_TC_CallCountingDelayMs"] = "0",
        };
        string[] childArgs =
        [
            "kinesis-sink-run",
            "--job",
            build,
            "--endpoint",
            endpoint,
            "--payloads",
            payloads,
            "--records",
            records.ToString(CultureInfo.InvariantCulture),
            "--warm",
            warm.ToString(CultureInfo.InvariantCulture),
            "--out",
            output,
        ];
        var result = ChildRun.Run(bench, childArgs, runDir, environment: environment);
        if (result.ExitCode != 0 || !File.Exists(output))
            throw new InvalidOperationException($"kinesis-sink-run of {build} exited with {result.ExitCode}:\n{result.Stderr}");
        var sink = JsonSerializer.Deserialize<SinkFigures>(File.ReadAllText(output))!;
        return new RunFigures(sink.Records, records - sink.Records, sink.WallSeconds, sink.CpuSeconds, result.CpuSeconds, sink)
        {
            AllocatedPerRecord = sink.AllocatedBytes / (double)sink.Records,
        };
    }

    private static RunFigures MeasureCli(string build, string runDir, string endpoint, string corpus, string config)
    {
        if (Directory.Exists(runDir))
            Directory.Delete(runDir, recursive: true);
        Directory.CreateDirectory(runDir);
        var summary = Path.Combine(runDir, "summary.json");
        string[] runArgs =
        [
            "run",
            "--input",
            corpus,
            "--config",
            config,
            "--output",
            $"kinesis://{Stream}",
            "--failed",
            Path.Combine(runDir, "failed"),
            "--unrecoverable",
            Path.Combine(runDir, "unrecoverable"),
            "--endpoint-url",
            endpoint,
            "--region",
            "us-east-1",
            "--summary-json",
            summary,
        ];
        ChildRun.SettleDisk();
        var result = ChildRun.Run(Path.Combine(build, "event-recovery"), runArgs, runDir, environment: ChildEnvironment);
        if (result.ExitCode != 0 || !File.Exists(summary))
            throw new InvalidOperationException($"{build}/event-recovery exited with {result.ExitCode}:\n{result.Stderr}");
        var recovered = JsonDocument.Parse(File.ReadAllText(summary)).RootElement.GetProperty("recovered").GetInt64();
        Directory.Delete(runDir, recursive: true);
        return new RunFigures(recovered, 0, result.WallSeconds, result.CpuSeconds, result.CpuSeconds, null);
    }

    private static string Uptime()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

/// <summary>
/// One run: <paramref name="Records"/> timed over <paramref name="WallSeconds"/> and <paramref name="CpuSeconds"/>
/// (of the client), <paramref name="UntimedRecords"/> sent before (warm-up); <paramref name="ProcessCpuSeconds"/> the
/// client process's whole CPU time.
/// </summary>
internal sealed record RunFigures(
    long Records,
    long UntimedRecords,
    double WallSeconds,
    double CpuSeconds,
    double ProcessCpuSeconds,
    SinkFigures? Sink
)
{
    public double EndpointCpuSeconds { get; init; }

    public double AllocatedPerRecord { get; init; }

    public double RecordsPerSecond => Records / WallSeconds;

    public double RecordsPerCpuSecond => Records / CpuSeconds;

    /// <summary>The endpoint's CPU time over the client process's.</summary>
    public double EndpointShare => EndpointCpuSeconds / ProcessCpuSeconds;

    // The bench runs with invariant globalization: figures print the same everywhere.
    public override string ToString() =>
        $"{Records, 9:N0} records in {WallSeconds, 6:F2} s wall, {CpuSeconds, 6:F2} s CPU: {RecordsPerSecond, 8:N0}/s, "
        + $"{RecordsPerCpuSecond, 8:N0}/CPU-s"
        + (Sink is { } s ? $", {AllocatedPerRecord:N0} B/record, {s.Collections} gen0 GCs" : "")
        + $"; endpoint {EndpointCpuSeconds:F2} s CPU";
}
