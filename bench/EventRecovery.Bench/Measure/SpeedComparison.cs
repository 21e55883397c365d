using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using EventRecovery.Bench.Cli;

namespace EventRecovery.Bench.Measure;

/// <summary>
/// <c>ab</c>: two builds of the recovery core in one process, each loaded from its own directory into its own
/// <see cref="AssemblyLoadContext"/>, timed over the same lines in alternating passes (A B, then B A…). The
/// machine's drift then lands on both alike, which separate processes minutes apart cannot promise; the figure
/// to read is the median of the paired ratios. Only the core's public API is used (<c>ConfigLoader.Load</c>,
/// <c>new Recoverer</c>, <c>Recover</c>), so any two versions that have it compare. Each pass is also timed in the
/// CPU time of the thread that runs it (Linux): on a machine other work loads, the wall time of a pass counts the
/// time the thread waited for a core, its CPU time hardly does, so the CPU ratio is the steadier of the two there.
/// </summary>
internal static class SpeedComparison
{
    public static int Run(Args args)
    {
        var corpus = LoadedCorpus.Load(args.Required("corpus"), args.Size("max-bytes", 50_000_000));
        var configText = File.ReadAllText(args.Required("config"));
        var rounds = args.Int("rounds", 20);
        var versions = new[] { ("base", args.Required("base")), ("new", args.Required("new")) };
        var recover = versions.Select(v => Load(v.Item2, configText)).ToArray();

        // Warm-up: tiered compilation settles in each version before anything is timed. Counted in this thread's CPU
        // time where there is one, and at least a few passes each: on a loaded machine 3 s of wall time can be a few
        // hundred milliseconds of work, too little for the JIT's second tier, and the first timed rounds then compare
        // one version's final code with the other's first.
        // Then on until neither version has got faster for 3 passes (at most 40): under load the JIT's background
        // thread is slow to compile the second tier, and a version whose code arrives late shows as two clusters of
        // times, slow then fast.
        var warmCpu = ThreadCpu.Seconds();
        var warmWall = Stopwatch.StartNew();
        var best = new[] { double.MaxValue, double.MaxValue };
        var sinceBetter = 0;
        for (var pass = 0; pass < 40; pass++)
        {
            var better = false;
            for (var k = 0; k < recover.Length; k++)
            {
                var (wall, cpu) = Pass(recover[k], corpus.Lines);
                var t = cpu > 0 ? cpu : wall;
                if (t < best[k] * 0.97)
                    better = true;
                best[k] = Math.Min(best[k], t);
            }
            sinceBetter = better ? 0 : sinceBetter + 1;
            var spent = ThreadCpu.Seconds() is var now && now > 0 ? now - warmCpu : warmWall.Elapsed.TotalSeconds;
            if (pass >= 4 && spent >= 3 && sinceBetter >= 3)
                break;
        }

        var seconds = new List<double>[] { [], [] };
        var cpuSeconds = new List<double>[] { [], [] };
        for (var round = 0; round < rounds; round++)
            foreach (var k in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var (wall, cpu) = Pass(recover[k], corpus.Lines);
                seconds[k].Add(wall);
                cpuSeconds[k].Add(cpu);
            }

        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine(
            string.Create(
                ci,
                $"ab: {corpus.Lines.Length:N0} lines, {corpus.Bytes / 1e6:F1} MB, {rounds} rounds of one pass each, alternated"
            )
        );
        for (var k = 0; k < 2; k++)
        {
            var sorted = seconds[k].Order().ToList();
            var cpu = cpuSeconds[k].Order().ToList();
            var mb = corpus.Bytes / 1e6;
            Console.WriteLine(
                string.Create(
                    ci,
                    $"  {versions[k].Item1,-4} {versions[k].Item2}: best {mb / sorted[0],6:F1} MB/s, median {
                mb / sorted[sorted.Count / 2],6:F1} MB/s; per CPU-second: best {mb / cpu[0],6:F1}, median {mb / cpu[cpu.Count / 2],6:F1}"
                )
            );
        }
        if (args.Has("rounds-out"))
        {
            // Every pass, for a look at the spread (a bimodal version shows as two clusters).
            using var rows = new StreamWriter(args.Required("rounds-out"));
            rows.WriteLine("round\tbase_wall_s\tnew_wall_s\tbase_cpu_s\tnew_cpu_s");
            for (var r = 0; r < rounds; r++)
                rows.WriteLine(
                    string.Create(ci, $"{r}\t{seconds[0][r]:F4}\t{seconds[1][r]:F4}\t{cpuSeconds[0][r]:F4}\t{cpuSeconds[1][r]:F4}")
                );
        }
        var ratios = seconds[0].Zip(seconds[1], (b, n) => b / n).Order().ToList();
        Console.WriteLine(
            string.Create(
                ci,
                $"  new / base speed, median of the paired rounds: {ratios[ratios.Count / 2]:F3} (rounds range {ratios[0]:F3} to {ratios[^1]:F3})"
            )
        );
        if (cpuSeconds[0][0] > 0)
        {
            var cpuRatios = cpuSeconds[0].Zip(cpuSeconds[1], (b, n) => b / n).Order().ToList();
            Console.WriteLine(
                string.Create(
                    ci,
                    $"  new / base speed per CPU-second, median of the paired rounds: {cpuRatios[cpuRatios.Count / 2]:F3} (rounds range {
                    cpuRatios[0]:F3} to {cpuRatios[^1]:F3})"
                )
            );
        }
        return 0;
    }

    /// <summary>One pass: its wall time and its thread's CPU time (0 where the platform does not say), in seconds.</summary>
    private static (double Wall, double Cpu) Pass(Func<ReadOnlyMemory<byte>, object> recover, ReadOnlyMemory<byte>[] lines)
    {
        // Each pass starts from a collected heap: none inherits the other version's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var cpu = ThreadCpu.Seconds();
        var start = Stopwatch.GetTimestamp();
        foreach (var line in lines)
            recover(line);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, ThreadCpu.Seconds() - cpu);
    }

    /// <summary>A recoverer for <paramref name="configText"/> from the EventRecovery.Core.dll in <paramref name="dir"/>.</summary>
    private static Func<ReadOnlyMemory<byte>, object> Load(string dir, string configText)
    {
        var path = Path.GetFullPath(Path.Combine(dir, "EventRecovery.Core.dll"));
        if (!File.Exists(path))
            throw new UsageException($"no EventRecovery.Core.dll in {dir}");
        var context = new AssemblyLoadContext($"core {dir}");
        context.Resolving += (c, name) =>
            Path.Combine(Path.GetDirectoryName(path)!, name.Name + ".dll") is var p && File.Exists(p) ? c.LoadFromAssemblyPath(p) : null;
        var core = context.LoadFromAssemblyPath(path);

        var loader = core.GetType("EventRecovery.Core.Configuration.ConfigLoader", throwOnError: true)!;
        var load = loader
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .First(m => m.Name == "Load" && m.GetParameters() is [{ ParameterType: var t }, ..] && t == typeof(string));
        var loadArgs = load.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : null).ToArray();
        loadArgs[0] = configText;
        var config = load.Invoke(null, loadArgs)!;

        var recovererType = core.GetType("EventRecovery.Core.Recovery.Recoverer", throwOnError: true)!;
        var constructor = recovererType.GetConstructors().Single();
        var recoverer = constructor.Invoke(constructor.GetParameters().Select((p, i) => i == 0 ? config : p.DefaultValue).ToArray());
        var method = recovererType.GetMethod("Recover", [typeof(ReadOnlyMemory<byte>)])!;
        return method.CreateDelegate<Func<ReadOnlyMemory<byte>, object>>(recoverer);
    }
}
