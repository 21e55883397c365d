using System.Runtime.InteropServices;

namespace EventRecovery.Job.Sources.Local;

/// <summary>
/// Tells regular files from pipes, sockets and devices, which .NET does not (all are "Normal" files to it): reading
/// a pipe found in an input folder would wait for ever for a writer. On Linux through <c>statx</c>, whose result has
/// the same layout on every architecture; elsewhere every file counts as regular.
/// </summary>
internal static partial class FileKinds
{
    /// <summary>Whether <paramref name="path"/> (symbolic links followed) is a regular file; true when it cannot be told.</summary>
    public static bool IsRegular(string path)
    {
        if (!OperatingSystem.IsLinux())
            return true;
        Span<byte> result = stackalloc byte[StatxSize];
        if (Statx(AtCurrentDirectory, path, 0, StatxType, ref MemoryMarshal.GetReference(result)) != 0)
            return true; // the open says why
        var mode = BitConverter.ToUInt16(result[ModeOffset..]);
        return (mode & FileTypeMask) == RegularFile;
    }

    private const int StatxSize = 256; // sizeof(struct statx)
    private const int ModeOffset = 28; // offsetof(struct statx, stx_mode)
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1; // STATX_TYPE
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFile = 0x8000; // S_IFREG

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte result);
}
