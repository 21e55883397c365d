using System.Runtime.InteropServices;

namespace EventRecovery.Job.Sinks.Files;

/// <summary>
/// Makes a directory's entries durable. A rename reaches the disk only with its directory: after a power loss, a file
/// whose data was flushed could otherwise come back under its old, temporary name, while a checkpoint written later
/// says its records are done. .NET has no call for it (it does not open directories), so on Linux and macOS this opens
/// the directory and fsyncs it through libc; elsewhere (Windows journals its metadata) it does nothing.
/// </summary>
internal static partial class DirectoryEntries
{
    /// <summary>Flushes <paramref name="directory"/>'s entries (names, renames) to disk; throws <see cref="IOException"/> naming
    /// it.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        var fd = Open(directory, ReadOnly | CloseOnExec);
        if (fd < 0)
            throw Failed("opening", directory);
        try
        {
            if (Fsync(fd) != 0)
                throw Failed("flushing", directory);
        }
        finally
        {
            Close(fd);
        }
    }

    private static IOException Failed(string what, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException(
            $"{what} the directory {directory} to make its entries durable failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})"
        );
    }

    private const int ReadOnly = 0; // O_RDONLY
    private static int CloseOnExec => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000; // O_CLOEXEC

    private const string Libc = "libc";

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
