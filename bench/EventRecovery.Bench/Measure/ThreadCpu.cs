using System.Runtime.InteropServices;

namespace EventRecovery.Bench.Measure;

/// <summary>The CPU time the calling thread has used (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>); 0 elsewhere.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Seconds of CPU this thread has used.</summary>
    public static double Seconds()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        return ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : 0;
    }
}
