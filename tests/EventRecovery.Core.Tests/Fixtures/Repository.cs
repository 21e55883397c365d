namespace EventRecovery.Core.Tests.Fixtures;

/// <summary>The repository the tests run from (for examples/ and other checked-in inputs).</summary>
public static class Repository
{
    /// <summary>The folder holding EventRecovery.slnx.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "EventRecovery.slnx")))
            dir = Path.GetDirectoryName(dir.TrimEnd('/'));
        return dir ?? throw new DirectoryNotFoundException($"no EventRecovery.slnx above {AppContext.BaseDirectory}");
    }
}
