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
/// <c>new Recoverer</c>, <c>Recover</c>), so any two versions that have it compare.
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

        // Warm-up: tiered compilation settles in each version before anything is timed.
        var warmUntil = Stopwatch.StartNew();
        while (warmUntil.Elapsed < TimeSpan.FromSeconds(3))
            foreach (var r in recover) Pass(r, corpus.Lines);

        var seconds = new List<double>[] { [], [] };
        for (var round = 0; round < rounds; round++)
            foreach (var k in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
                seconds[k].Add(Pass(recover[k], corpus.Lines));

        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(ci, $"ab: {corpus.Lines.Length:N0} lines, {corpus.Bytes / 1e6:F1} MB, {rounds} rounds of one pass each, alternated"));
        for (var k = 0; k < 2; k++)
        {
            var sorted = seconds[k].Order().ToList();
            Console.WriteLine(string.Create(ci, $"  {versions[k].Item1,-4} {versions[k].Item2}: best {corpus.Bytes / 1e6 / sorted[0],6:F1} MB/s, median {corpus.Bytes / 1e6 / sorted[sorted.Count / 2],6:F1} MB/s"));
        }
        var ratios = seconds[0].Zip(seconds[1], (b, n) => b / n).Order().ToList();
        Console.WriteLine(string.Create(ci, $"  new / base speed, median of the paired rounds: {ratios[ratios.Count / 2]:F3} (rounds range {ratios[0]:F3} to {ratios[^1]:F3})"));
        return 0;
    }

    private static double Pass(Func<ReadOnlyMemory<byte>, object> recover, ReadOnlyMemory<byte>[] lines)
    {
        // Each pass starts from a collected heap: none inherits the other version's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var start = Stopwatch.GetTimestamp();
        foreach (var line in lines) recover(line);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>A recoverer for <paramref name="configText"/> from the EventRecovery.Core.dll in <paramref name="dir"/>.</summary>
    private static Func<ReadOnlyMemory<byte>, object> Load(string dir, string configText)
    {
        var path = Path.GetFullPath(Path.Combine(dir, "EventRecovery.Core.dll"));
        if (!File.Exists(path)) throw new UsageException($"no EventRecovery.Core.dll in {dir}");
        var context = new AssemblyLoadContext($"core {dir}");
        context.Resolving += (c, name) => Path.Combine(Path.GetDirectoryName(path)!, name.Name + ".dll") is var p && File.Exists(p) ? c.LoadFromAssemblyPath(p) : null;
        var core = context.LoadFromAssemblyPath(path);

        var loader = core.GetType("EventRecovery.Core.Configuration.ConfigLoader", throwOnError: true)!;
        var load = loader.GetMethods(BindingFlags.Public | BindingFlags.Static)
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
