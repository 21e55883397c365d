using System.Diagnostics;

namespace EventRecovery.Bench.Measure;

/// <summary>
/// Runs a per-line action over all lines on N dedicated threads that take blocks of lines from a shared
/// counter (little coordination, no thread pool ramp-up), and times the whole pass.
/// </summary>
internal static class LinePass
{
    private const int Block = 64;

    /// <summary>
    /// <paramref name="makeWorker"/> is called once per thread and returns that thread's per-line action (which
    /// may keep thread-local tallies); the elapsed time covers all threads from start to last finish.
    /// </summary>
    public static (TimeSpan Elapsed, double CpuSeconds) Run(
        ReadOnlyMemory<byte>[] lines,
        int count,
        int threads,
        Func<Action<ReadOnlyMemory<byte>>> makeWorker
    )
    {
        var next = 0;
        var workers = Enumerable.Range(0, threads).Select(_ => makeWorker()).ToArray();
        using var ready = new Barrier(threads + 1);
        var pool = workers
            .Select(work => new Thread(() =>
            {
                ready.SignalAndWait();
                int start;
                while ((start = Interlocked.Add(ref next, Block) - Block) < count)
                {
                    var end = Math.Min(start + Block, count);
                    for (var i = start; i < end; i++)
                        work(lines[i]);
                }
            })
            {
                IsBackground = true,
            })
            .ToArray();
        foreach (var t in pool)
            t.Start();
        var cpu = CpuSeconds();
        ready.SignalAndWait();
        var watch = Stopwatch.StartNew();
        foreach (var t in pool)
            t.Join();
        return (watch.Elapsed, CpuSeconds() - cpu);
    }

    /// <summary>Whole passes over all lines until at least <paramref name="minSeconds"/> have gone by.</summary>
    public static (TimeSpan Elapsed, double CpuSeconds, int Passes) RunFor(
        ReadOnlyMemory<byte>[] lines,
        int threads,
        Func<Action<ReadOnlyMemory<byte>>> makeWorker,
        double minSeconds = 2
    )
    {
        var elapsed = TimeSpan.Zero;
        var cpu = 0.0;
        var passes = 0;
        do
        {
            var (e, c) = Run(lines, lines.Length, threads, makeWorker);
            elapsed += e;
            cpu += c;
            passes++;
        } while (elapsed.TotalSeconds < minSeconds);
        return (elapsed, cpu, passes);
    }

    /// <summary>CPU time of this process so far (all threads, GC included).</summary>
    public static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>
    /// Warm-up: passes over the first fifth of the lines (at least 5000) until <paramref name="seconds"/> have
    /// gone by, so tiered compilation (with PGO) has produced its final code before anything is timed.
    /// </summary>
    public static void WarmUp(ReadOnlyMemory<byte>[] lines, int threads, Func<Action<ReadOnlyMemory<byte>>> makeWorker, double seconds = 3)
    {
        var count = Math.Min(lines.Length, Math.Max(5000, lines.Length / 5));
        var watch = Stopwatch.StartNew();
        do Run(lines, count, threads, makeWorker);
        while (watch.Elapsed.TotalSeconds < seconds);
    }
}
