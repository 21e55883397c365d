using Microsoft.Win32.SafeHandles;

namespace EventRecovery.Job.Sinks.Stdout;

/// <summary>
/// The process's standard output and input as plain file streams. <see cref="Console.OpenStandardOutput()"/> is not
/// used for records: on Unix it ignores EPIPE, so a reader that goes away (<c>| head</c>) would silently swallow every
/// record written after it, while the run counts them as written.
/// </summary>
public static class StandardStreams
{
    /// <summary>Standard output (file descriptor 1); a failed write throws <see cref="IOException"/>.</summary>
    public static Stream OpenOutput() =>
        OperatingSystem.IsWindows()
            ? Console.OpenStandardOutput()
            : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);

    /// <summary>Standard input (file descriptor 0).</summary>
    public static Stream OpenInput() =>
        OperatingSystem.IsWindows()
            ? Console.OpenStandardInput()
            : new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);
}
