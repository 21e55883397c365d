using System.Diagnostics;

namespace EventRecovery.Bench.Measure;

/// <summary>Where the repository and the Release build of the CLI are.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventRecovery.slnx"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventRecovery.slnx"))) return dir.FullName;
        throw new Cli.UsageException("cannot find the repository root (EventRecovery.slnx); pass --cli PATH");
    }

    public static string CliProject => Path.Combine(Root(), "src", "EventRecovery.Cli", "EventRecovery.Cli.csproj");

    /// <summary>The apphost of the Release build: what users run.</summary>
    public static string Cli => Path.Combine(Root(), "src", "EventRecovery.Cli", "bin", "Release", "net10.0", "event-recovery");

    /// <summary>Builds the CLI in Release (quick when it is up to date).</summary>
    public static void BuildCli()
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "build", CliProject, "-c", "Release", "-v", "q", "-nologo" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"building the CLI failed:\n{output}");
    }
}
