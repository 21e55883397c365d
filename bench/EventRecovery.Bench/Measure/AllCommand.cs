using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using EventRecovery.Bench.Cli;
using EventRecovery.Bench.Corpus;

namespace EventRecovery.Bench.Measure;

/// <summary>
/// <c>all</c>: generates the default corpus (and config) if missing, then measures end-to-end with 1 worker and
/// all cores (and pinned to one core), core-only and scan with 1 thread and all cores, and <c>jq -c .</c>;
/// optionally end-to-end and jq on a large corpus (<c>--large 2GB</c>), where start-up weighs less and memory
/// must stay flat. Prints one table of medians and the
/// issue's targets, and saves it as markdown next to the corpus.
/// </summary>
internal static class AllCommand
{
    public static int Run(Args args)
    {
        var dir = args.Get("dir", "/tmp/bench");
        var size = args.Size("size", 200_000_000);
        var seed = (ulong)args.Int("seed", 42);
        var runs = args.Int("runs", 3);
        var log = Console.Out;
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, BenchConfig.Text);
        var corpus = EnsureCorpus(dir, size, seed, log);
        var cli = args.Get("cli") ?? EndToEndCommand.EnsureCli();
        var work = Path.Combine(dir, "work");
        var cores = Environment.ProcessorCount;
        var threadCounts = CoreCommand.ThreadCounts();
        var loadBefore = Stats.LoadAverage();

        log.WriteLine($"== end-to-end ({cli})");
        ChildRun.WarmPageCache(corpus);
        var e2e = threadCounts.Select(n => EndToEndCommand.Measure(cli, corpus, config, n, runs, work, log)).ToList();
        // One core in the strict sense: the whole process pinned to one CPU (see EndToEndCommand).
        var pinned = EndToEndCommand.Taskset is null
            ? null
            : EndToEndCommand.Measure(cli, corpus, config, 1, runs, work, log, oneCore: true);

        log.WriteLine("== core-only and scan (in memory)");
        var loaded = LoadedCorpus.Load(corpus);
        // Core and scan take turns, run by run: their ratio is a target, and this machine's speed drifts within minutes.
        var core = new List<(int Threads, (Throughput Median, long[] Counts) Result)>();
        var scan = new List<(int Threads, Throughput Result)>();
        foreach (var n in threadCounts)
        {
            var coreRuns = new List<Throughput>();
            var scanRuns = new List<Throughput>();
            long[] counts = [];
            for (var r = 0; r < runs; r++)
            {
                var (coreRun, c) = CoreCommand.Measure(loaded, BenchConfig.Text, n, 1, log, warmUp: r == 0, firstRun: r + 1);
                coreRuns.Add(coreRun);
                counts = c;
                scanRuns.Add(ScanCommand.Measure(loaded, n, 1, log, warmUp: r == 0, firstRun: r + 1));
            }
            core.Add((n, (Throughput.Median(coreRuns), counts)));
            scan.Add((n, Throughput.Median(scanRuns)));
        }
        loaded = null;
        GC.Collect();

        (Throughput Median, double PeakRssMb)? jq = null;
        if (!args.Has("skip-jq"))
        {
            log.WriteLine("== jq");
            jq = JqCommand.Measure(corpus, runs, work, log);
        }

        EndToEndResult? large = null,
            largePinned = null;
        (Throughput Median, double PeakRssMb)? largeJq = null;
        string? largePath = null;
        if (args.Get("large") is { } largeSize)
        {
            log.WriteLine($"== end-to-end on a {largeSize} corpus (memory flat in input size?)");
            largePath = EnsureCorpus(dir, Args.ParseSize(largeSize), seed, log);
            ChildRun.WarmPageCache(largePath);
            large = EndToEndCommand.Measure(cli, largePath, config, cores, args.Int("large-runs", runs), work, log);
            // One core on the large corpus too: start-up and JIT, a fixed cost that one core pays alone, weigh less there.
            if (EndToEndCommand.Taskset is not null)
                largePinned = EndToEndCommand.Measure(cli, largePath, config, 1, args.Int("large-runs", runs), work, log, oneCore: true);
            // The jq ratio on the large corpus too: on the same corpus, as the target says, not only the small one.
            if (!args.Has("skip-jq"))
                largeJq = JqCommand.Measure(largePath, args.Int("large-runs", runs), work, log);
        }

        // The failing mix: where a real run's rows go (most fail or are unrecoverable), end to end on all cores.
        EndToEndResult? failing = null;
        string? failingPath = null;
        if (args.Get("mix-failing", "yes") != "no")
        {
            log.WriteLine("== end-to-end on the failing mix (30 % recovered, 60 % failed, 10 % unrecoverable)");
            failingPath = EnsureCorpus(dir, size, seed, log, "failing");
            ChildRun.WarmPageCache(failingPath);
            failing = EndToEndCommand.Measure(cli, failingPath, config, cores, runs, work, log);
        }

        var table = Table(
            corpus,
            runs,
            loadBefore,
            e2e,
            pinned,
            core,
            scan,
            jq,
            (large, largePinned, largePath, largeJq),
            (failing, failingPath)
        );
        log.WriteLine();
        log.WriteLine(table);
        var saved = Path.Combine(dir, $"results-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}.md");
        File.WriteAllText(saved, table);
        log.WriteLine($"saved: {saved}");
        return 0;
    }

    private static string EnsureCorpus(string dir, long size, ulong seed, TextWriter log, string mix = "default")
    {
        var path = Path.Combine(dir, $"corpus-{size / 1_000_000}MB-seed{seed}{(mix == "default" ? "" : "-" + mix)}.jsonl");
        if (File.Exists(path))
            return path;
        var tmp = path + ".partial";
        CorpusCommand.Generate(tmp, size, seed, mix, log);
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    private static string Table(
        string corpus,
        int runs,
        string loadBefore,
        List<EndToEndResult> e2e,
        EndToEndResult? pinned,
        List<(int Threads, (Throughput Median, long[] Counts) Result)> core,
        List<(int Threads, Throughput Result)> scan,
        (Throughput Median, double PeakRssMb)? jq,
        (EndToEndResult? Run, EndToEndResult? Pinned, string? Path, (Throughput Median, double PeakRssMb)? Jq) onLarge,
        (EndToEndResult? Run, string? Path) onFailing
    )
    {
        var (failing, failingPath) = onFailing;
        var (large, largePinned, largePath, largeJq) = onLarge;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var bytes = new FileInfo(corpus).Length;
        var one = e2e[0];
        var all = e2e[^1];
        sb.AppendLine(
            ci,
            $"Corpus {Path.GetFileName(corpus)}: {bytes / 1e6:F0} MB, {one.Median.Lines:N0} lines; recovered {all.Recovered:N0}, failed {all.Failed:N0}, unrecoverable {all.Unrecoverable:N0}."
        );
        sb.AppendLine(
            ci,
            $"Machine: {Environment.ProcessorCount} cores, {Cpu()}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}. Median of {runs} runs; load average {loadBefore} before, {Stats.LoadAverage()} after."
        );
        sb.AppendLine();
        sb.AppendLine("| measurement | lines/s | MB/s | MB per CPU-s | peak RSS | note |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in pinned is null ? e2e : e2e.Prepend(pinned))
        {
            var note =
                r == one || r == pinned
                    ? ""
                    : $"{r.Median.MegabytesPerSecond / one.Median.MegabytesPerSecond:F2}× 1 worker"
                        + (pinned is null ? "" : $", {r.Median.MegabytesPerSecond / pinned.Median.MegabytesPerSecond:F2}× 1 core");
            sb.AppendLine(
                ci,
                $"| end-to-end file→file, {r.Label} | {r.Median.LinesPerSecond:N0} | {r.Median.MegabytesPerSecond:F1} | {r.Median.MegabytesPerCpuSecond:F1} | {r.PeakRssMb:F0} MB | {note} |"
            );
        }
        foreach (var r in new[] { largePinned, large })
            if (r is not null)
                sb.AppendLine(
                    ci,
                    $"| end-to-end, {r.Label}, {new FileInfo(largePath!).Length / 1e6:F0} MB corpus | {r.Median.LinesPerSecond:N0} | {r.Median.MegabytesPerSecond:F1} | {r.Median.MegabytesPerCpuSecond:F1} | {r.PeakRssMb:F0} MB | |"
                );
        if (failing is not null)
            sb.AppendLine(
                ci,
                $"| end-to-end, {failing.Label}, failing mix ({failing.Recovered:N0} recovered, {failing.Failed:N0} failed, {failing.Unrecoverable:N0} unrecoverable) | {failing.Median.LinesPerSecond:N0} | {failing.Median.MegabytesPerSecond:F1} | {failing.Median.MegabytesPerCpuSecond:F1} | {failing.PeakRssMb:F0} MB | {failing.Median.MegabytesPerSecond / all.Median.MegabytesPerSecond:F2}× the default mix |"
            );
        foreach (var (threads, (median, _)) in core)
        {
            var s = scan.First(x => x.Threads == threads).Result;
            sb.AppendLine(
                ci,
                $"| core only (in memory), {threads} thread{(threads == 1 ? "" : "s")} | {median.LinesPerSecond:N0} | {median.MegabytesPerSecond:F1} | {median.MegabytesPerCpuSecond:F1} | | {100 * median.MegabytesPerSecond / s.MegabytesPerSecond:F1} % of scan |"
            );
        }
        foreach (var (threads, s) in scan)
            sb.AppendLine(
                ci,
                $"| Utf8JsonReader scan, {threads} thread{(threads == 1 ? "" : "s")} | {s.LinesPerSecond:N0} | {s.MegabytesPerSecond:F1} | {s.MegabytesPerCpuSecond:F1} | | |"
            );
        if (jq is { } j)
            sb.AppendLine(
                ci,
                $"| jq -c . (1 core) | {j.Median.LinesPerSecond:N0} | {j.Median.MegabytesPerSecond:F1} | {j.Median.MegabytesPerCpuSecond:F1} | {j.PeakRssMb:F0} MB | |"
            );
        if (largeJq is { } lj)
            sb.AppendLine(
                ci,
                $"| jq -c . (1 core), {new FileInfo(largePath!).Length / 1e6:F0} MB corpus | {lj.Median.LinesPerSecond:N0} | {lj.Median.MegabytesPerSecond:F1} | {lj.Median.MegabytesPerCpuSecond:F1} | {lj.PeakRssMb:F0} MB | |"
            );

        sb.AppendLine();
        sb.AppendLine("| target | figure | result |");
        sb.AppendLine("| --- | --- | --- |");
        if (jq is { } q)
        {
            var ratio = all.Median.MegabytesPerSecond / q.Median.MegabytesPerSecond;
            sb.AppendLine(
                ci,
                $"| end-to-end ≥ 5× jq | {ratio:F2}× (all cores; 1 worker {one.Median.MegabytesPerSecond / q.Median.MegabytesPerSecond:F2}×) | {Verdict(ratio >= 5, ratio / 5)} |"
            );
            if (large is not null && largeJq is { } lq)
            {
                var largeRatio = large.Median.MegabytesPerSecond / lq.Median.MegabytesPerSecond;
                sb.AppendLine(
                    ci,
                    $"| end-to-end ≥ 5× jq, {new FileInfo(largePath!).Length / 1e6:F0} MB corpus | {largeRatio:F2}× (all cores) | {Verdict(largeRatio >= 5, largeRatio / 5)} |"
                );
            }
        }
        if (jq is { } q10)
        {
            var ratio = all.Median.MegabytesPerSecond / q10.Median.MegabytesPerSecond;
            sb.AppendLine(ci, $"| end-to-end ≥ 10× jq (all cores, default mix) | {ratio:F2}× | {Verdict(ratio >= 10, ratio / 10)} |");
        }
        if (failing is not null)
        {
            var ratio = failing.Median.MegabytesPerSecond / all.Median.MegabytesPerSecond;
            sb.AppendLine(
                ci,
                $"| failing mix ≥ 0.9× the default mix (MB/s, all cores) | {ratio:F2}× | {Verdict(ratio >= 0.9, ratio / 0.9)} |"
            );
        }
        var core1 = core[0].Result.Median.MegabytesPerSecond / scan[0].Result.MegabytesPerSecond;
        sb.AppendLine(ci, $"| core ≥ 30 % of scan | {100 * core1:F1} % (1 thread) | {Verdict(core1 >= 0.30, core1 / 0.30)} |");
        if (large is not null)
        {
            var limit = Math.Min(300, all.PeakRssMb * 1.1);
            sb.AppendLine(
                ci,
                $"| peak RSS < 300 MB on the large corpus, ≤ small corpus + 10 % ({all.PeakRssMb * 1.1:F1} MB) | {large.PeakRssMb:F1} MB, {large.PeakRssMb / all.PeakRssMb:F3}× the small corpus's {all.PeakRssMb:F1} MB | {Verdict(large.PeakRssMb < 300 && large.PeakRssMb <= all.PeakRssMb * 1.1, limit / large.PeakRssMb)} |"
            );
        }
        if (e2e.Count > 1)
        {
            var baseline = pinned ?? one;
            var speedup = all.Median.MegabytesPerSecond / baseline.Median.MegabytesPerSecond;
            var others =
                (pinned is null ? "" : $"1 worker on all cores: {all.Median.MegabytesPerSecond / one.Median.MegabytesPerSecond:F2}×; ")
                + $"core only {core[^1].Result.Median.MegabytesPerSecond / core[0].Result.Median.MegabytesPerSecond:F2}×";
            sb.AppendLine(
                ci,
                $"| all cores ≥ 1.8× one core (end-to-end) | {speedup:F2}× against {baseline.Label} ({others}) | {Verdict(speedup >= 1.8, speedup / 1.8)} |"
            );
        }
        if (large is not null && largePinned is not null)
        {
            var speedup = large.Median.MegabytesPerSecond / largePinned.Median.MegabytesPerSecond;
            sb.AppendLine(
                ci,
                $"| all cores ≥ 1.8× one core (end-to-end), {new FileInfo(largePath!).Length / 1e6:F0} MB corpus | {speedup:F2}× against {largePinned.Label} | {Verdict(speedup >= 1.8, speedup / 1.8)} |"
            );
        }
        return sb.ToString();
    }

    /// <summary>"met", or "missed" with how far the figure is from the target (as a fraction of it).</summary>
    private static string Verdict(bool met, double fractionOfTarget) =>
        met ? "met" : $"missed: {100 * fractionOfTarget:F0} % of the target";

    private static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
