using System.Text.Json;
using EventRecovery.Bench.Cli;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Bench.Measure;

/// <summary>
/// <c>core</c>: the recovery core alone, in process: <c>Recoverer.Recover</c> over every line already in memory
/// (no reading, no writing), on 1 thread and on all cores unless <c>--threads</c> says otherwise. A run is one
/// pass over the corpus, or as many whole passes as last 2 s, so that short passes are not at the mercy of noise.
/// </summary>
internal static class CoreCommand
{
    public static int Run(Args args)
    {
        var corpus = LoadedCorpus.Load(args.Required("corpus"), args.Size("max-bytes", long.MaxValue));
        var config = File.ReadAllText(args.Required("config"));
        var runs = args.Int("runs", 3);
        var threads = args.Get("threads") is null ? ThreadCounts() : [args.Int("threads", 1)];
        Console.WriteLine(
            $"core: {corpus.Lines.Length:N0} lines, {corpus.Bytes / 1e6:F1} MB in memory; median of {runs} runs after a warm-up pass"
        );
        foreach (var n in threads)
        {
            var (median, counts) = Measure(corpus, config, n, runs, Console.Out);
            Console.WriteLine(
                $"core  {n} thread{(n == 1 ? " " : "s")}: {median}   recovered {counts[0]:N0}, failed {counts[1]:N0}, unrecoverable {counts[2]:N0}"
            );
        }
        return 0;
    }

    public static int[] ThreadCounts() => Environment.ProcessorCount == 1 ? [1] : [1, Environment.ProcessorCount];

    /// <summary>The median pass and the outcome counts of one pass (recovered, failed, unrecoverable).</summary>
    /// <param name="corpus">The lines.</param>
    /// <param name="config">The recovery config's text.</param>
    /// <param name="threads">Threads sharing the lines.</param>
    /// <param name="runs">Timed runs.</param>
    /// <param name="log">Where each run is printed.</param>
    /// <param name="warmUp">False when an earlier call in this process warmed the same code up already.</param>
    /// <param name="firstRun">The number printed for the first run.</param>
    public static (Throughput Median, long[] Counts) Measure(
        LoadedCorpus corpus,
        string config,
        int threads,
        int runs,
        TextWriter log,
        bool warmUp = true,
        int firstRun = 1
    )
    {
        var recoverer = new Recoverer(ConfigLoader.Load(config));
        var lines = corpus.Lines;
        if (warmUp)
            LinePass.WarmUp(lines, threads, () => line => recoverer.Recover(line));

        var results = new List<Throughput>();
        long[] counts = [0, 0, 0];
        for (var r = 0; r < runs; r++)
        {
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes();
            var paused = GC.GetTotalPauseDuration();
            var gen2 = GC.CollectionCount(2);
            var tallies = new List<long[]>();
            var (elapsed, cpu, passes) = LinePass.RunFor(lines, threads, () =>
            {
                var tally = new long[3];
                lock (tallies)
                    tallies.Add(tally);
                return line => tally[(int)recoverer.Recover(line).Kind]++;
            });
            counts = [tallies.Sum(t => t[0]) / passes, tallies.Sum(t => t[1]) / passes, tallies.Sum(t => t[2]) / passes];
            results.Add(new Throughput(elapsed.TotalSeconds / passes, lines.Length, corpus.Bytes, cpu / passes));
            var pause = (GC.GetTotalPauseDuration() - paused).TotalSeconds;
            log.WriteLine(
                $"  core {threads}t run {r + firstRun}: {results[^1]}; allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)(passes * lines.Length) / 1024:F0} KB/line, GC pauses {pause:F2} s ({100 * pause / elapsed.TotalSeconds:F0} % of wall), {GC.CollectionCount(2) - gen2} gen2{(passes == 1 ? "" : $", {passes} passes")}"
            );
        }
        return (Throughput.Median(results), counts);
    }
}

/// <summary>
/// <c>scan</c>: the same bytes through a bare <see cref="Utf8JsonReader"/> loop that reads every token of every
/// line and does nothing else: the practical limit for a process that must read JSON.
/// </summary>
internal static class ScanCommand
{
    public static int Run(Args args)
    {
        var corpus = LoadedCorpus.Load(args.Required("corpus"), args.Size("max-bytes", long.MaxValue));
        var runs = args.Int("runs", 3);
        var threads = args.Get("threads") is null ? CoreCommand.ThreadCounts() : [args.Int("threads", 1)];
        Console.WriteLine(
            $"scan: {corpus.Lines.Length:N0} lines, {corpus.Bytes / 1e6:F1} MB in memory; median of {runs} runs after a warm-up pass"
        );
        foreach (var n in threads)
            Console.WriteLine($"scan  {n} thread{(n == 1 ? " " : "s")}: {Measure(corpus, n, runs, Console.Out)}");
        return 0;
    }

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>Tokens in one line (every token read; the count keeps the loop from being optimised away).</summary>
    public static long Tokens(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, Options);
        long tokens = 0;
        try
        {
            while (reader.Read())
                tokens++;
        }
        catch (JsonException)
        {
            // a malformed line ends its scan, as it would end a parse
        }
        return tokens;
    }

    /// <summary>The median pass; <paramref name="warmUp"/> and <paramref name="firstRun"/> as for <see
    /// cref="CoreCommand.Measure"/>.</summary>
    public static Throughput Measure(LoadedCorpus corpus, int threads, int runs, TextWriter log, bool warmUp = true, int firstRun = 1)
    {
        var lines = corpus.Lines;
        if (warmUp)
            LinePass.WarmUp(lines, threads, () => line => Tokens(line.Span));
        var results = new List<Throughput>();
        for (var r = 0; r < runs; r++)
        {
            GC.Collect();
            var totals = new List<long[]>();
            var (elapsed, cpu, passes) = LinePass.RunFor(lines, threads, () =>
            {
                var total = new long[1];
                lock (totals)
                    totals.Add(total);
                return line => total[0] += Tokens(line.Span);
            });
            results.Add(new Throughput(elapsed.TotalSeconds / passes, lines.Length, corpus.Bytes, cpu / passes));
            log.WriteLine(
                $"  scan {threads}t run {r + firstRun}: {results[^1]}  ({totals.Sum(t => t[0]) / passes:N0} tokens, {passes} pass{(passes == 1 ? "" : "es")})"
            );
        }
        return Throughput.Median(results);
    }
}
