namespace EventRecovery.Bench.Measure;

/// <summary>Medians and the other figures the reports print.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The 1-minute load average: how busy the machine was with other work.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static string Runs(IEnumerable<double> values, string format = "F2") =>
        string.Join(" ", values.Select(v => v.ToString(format, System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>Throughput of one measurement.</summary>
/// <remarks>
/// <see cref="CpuSeconds"/> (user + system time of the process) gives <see cref="MegabytesPerCpuSecond"/>, the
/// per-core figure, which other load on the machine disturbs much less than wall time.
/// </remarks>
internal readonly record struct Throughput(double Seconds, long Lines, long Bytes, double CpuSeconds)
{
    public double LinesPerSecond => Lines / Seconds;
    public double MegabytesPerSecond => Bytes / 1e6 / Seconds;
    public double MegabytesPerCpuSecond => Bytes / 1e6 / CpuSeconds;

    public override string ToString() =>
        $"{LinesPerSecond, 10:N0} lines/s {MegabytesPerSecond, 8:F1} MB/s ({Seconds:F2} s wall, {CpuSeconds:F2} s CPU, {MegabytesPerCpuSecond:F1} MB/CPU-s)";

    /// <summary>Medians of wall and CPU time over <paramref name="runs"/> (each taken on its own).</summary>
    public static Throughput Median(IReadOnlyList<Throughput> runs) =>
        new(
            Stats.Median(runs.Select(r => r.Seconds).ToList()),
            runs[0].Lines,
            runs[0].Bytes,
            Stats.Median(runs.Select(r => r.CpuSeconds).ToList())
        );
}
