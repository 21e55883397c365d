using EventRecovery.Job.Sinks.Files;

namespace EventRecovery.Job.Tests.Sinks.Files;

public sealed class DirectoryEntriesTests
{
    [Fact]
    public void A_directory_s_entries_are_flushed_through_the_platform()
    {
        var dir = Directory.CreateTempSubdirectory("entries-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, ".a.inprogress"), "x");
            File.Move(Path.Combine(dir, ".a.inprogress"), Path.Combine(dir, "a.txt"));
            DirectoryEntries.Flush(dir); // libc's open and fsync are found and succeed
            Assert.True(File.Exists(Path.Combine(dir, "a.txt")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_directory_that_cannot_be_opened_is_named_in_the_error()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return; // a no-op elsewhere
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}");
        var e = Assert.Throws<IOException>(() => DirectoryEntries.Flush(missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("No such file or directory", e.Message);
    }
}
