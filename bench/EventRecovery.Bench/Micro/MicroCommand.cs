using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace EventRecovery.Bench.Micro;

/// <summary>
/// <c>micro [BenchmarkDotNet args]</c>: the micro-benchmarks, through <see cref="BenchmarkSwitcher"/>
/// (<c>--filter '*Thrift*'</c>, <c>--list flat</c>, …). The default job is short (1 launch, 3 warm-up and
/// 5 measured iterations) and runs in process, so the whole set takes a few minutes; pass
/// <c>--job default</c> for BenchmarkDotNet's full statistics. Reports land in /tmp/bench/micro/results.
/// </summary>
internal static class MicroCommand
{
    public static int Run(string[] args)
    {
        // Results go outside the repository (override with --artifacts DIR).
        var config = DefaultConfig
            .Instance.AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "bench", "micro"));
        if (!args.Contains("--job") && !args.Contains("-j"))
            config = config.AddJob(
                Job.ShortRun.WithLaunchCount(1)
                    .WithWarmupCount(3)
                    .WithIterationCount(5)
                    .WithToolchain(InProcessEmitToolchain.Instance)
                    .AsDefault()
            );
        if (args.Length == 0)
            args = ["--filter", "*"];
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
