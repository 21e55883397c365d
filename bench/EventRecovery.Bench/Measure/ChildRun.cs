using System.Diagnostics;
using System.Globalization;

namespace EventRecovery.Bench.Measure;

/// <summary>What one child process run took: wall time, peak resident memory, CPU time.</summary>
internal sealed record ChildResult(int ExitCode, double WallSeconds, long PeakRssKb, double CpuSeconds, string Stderr)
{
    public double PeakRssMb => PeakRssKb / 1024.0;
}

/// <summary>
/// Runs a program as a child process with stdout and stderr sent to files (never through a pipe to this
/// process, which would slow the child) and measures it. Peak RSS comes from <c>/usr/bin/time</c> (the
/// kernel's ru_maxrss of the child) when installed, otherwise from polling VmHWM in /proc/PID/status.
/// </summary>
internal static class ChildRun
{
    private const string Time = "/usr/bin/time";

    public static bool HasTime => File.Exists(Time);

    public static ChildResult Run(
        string program,
        IReadOnlyList<string> args,
        string workDir,
        string? stdoutPath = null,
        IReadOnlyDictionary<string, string>? environment = null
    )
    {
        Directory.CreateDirectory(workDir);
        var timeFile = Path.Combine(workDir, "time.txt");
        var errFile = Path.Combine(workDir, "stderr.txt");
        File.Delete(timeFile);
        // sh execs the program, so the measured process is the program itself, with its output in files.
        var shell = new List<string> { "-c", "exec \"$0\" \"$@\" >\"$BENCH_STDOUT\" 2>\"$BENCH_STDERR\"", program };
        shell.AddRange(args);
        var psi = HasTime ? new ProcessStartInfo(Time) : new ProcessStartInfo("sh");
        if (HasTime)
        {
            foreach (var a in new[] { "-f", "%M %U %S", "-o", timeFile, "sh" })
                psi.ArgumentList.Add(a);
        }
        foreach (var a in shell)
            psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        psi.Environment["BENCH_STDOUT"] = stdoutPath ?? "/dev/null";
        psi.Environment["BENCH_STDERR"] = errFile;
        psi.UseShellExecute = false;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        long polledKb = 0;
        double polledCpu = double.NaN;
        if (!HasTime)
        {
            while (!process.WaitForExit(20))
            {
                polledKb = Math.Max(polledKb, ReadHwm(process.Id));
                polledCpu = ReadCpu(process.Id) ?? polledCpu;
            }
        }
        process.WaitForExit();
        var wall = watch.Elapsed.TotalSeconds;

        long rssKb = polledKb;
        var cpu = polledCpu; // without /usr/bin/time: the last sample before exit
        if (HasTime && File.Exists(timeFile))
        {
            // GNU time may print "Command exited with non-zero status N" before the figures.
            var last = File.ReadAllLines(timeFile).LastOrDefault(l => l.Trim().Length > 0) ?? "";
            var parts = last.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3)
            {
                rssKb = long.Parse(parts[0], CultureInfo.InvariantCulture);
                cpu = double.Parse(parts[1], CultureInfo.InvariantCulture) + double.Parse(parts[2], CultureInfo.InvariantCulture);
            }
        }
        var stderr = File.Exists(errFile) ? File.ReadAllText(errFile) : "";
        return new ChildResult(process.ExitCode, wall, rssKb, cpu, stderr);
    }

    private static long ReadHwm(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>utime + stime of a running process, from /proc/PID/stat (clock ticks of 1/100 s).</summary>
    private static double? ReadCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes every dirty page of the machine to disk (<c>sync</c>), untimed, before a timed run: otherwise the
    /// previous run's output (about half the input's size) is still being written back, and the kernel throttles
    /// the next run's writes while it is, which made end-to-end runs on 2 GB swing between 158 and 250 MB/s.
    /// </summary>
    public static void SettleDisk()
    {
        try
        {
            using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
            sync?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No sync program: runs are then as noisy as the disk makes them.
        }
    }

    /// <summary>Reads the file once so that every timed run finds it in the page cache.</summary>
    public static void WarmPageCache(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        while (file.Read(buffer, 0, buffer.Length) > 0) { }
    }

    /// <summary>Lines in a file (for tools that do not report them).</summary>
    public static long CountLines(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        long lines = 0;
        int n;
        while ((n = file.Read(buffer, 0, buffer.Length)) > 0)
            lines += buffer.AsSpan(0, n).Count((byte)'\n');
        return lines;
    }
}
