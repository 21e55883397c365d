using System.Diagnostics;

namespace EventRecovery.Bench.Measure;

/// <summary>Where the repository and the published CLI are.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventRecovery.slnx")))
                return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventRecovery.slnx")))
                return dir.FullName;
        throw new Cli.UsageException("cannot find the repository root (EventRecovery.slnx); pass --cli PATH");
    }

    /// <summary>The platform of this machine, as publish.sh names it.</summary>
    public static string HostRid =>
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64
            ? "linux-arm64"
            : "linux-x64";

    /// <summary>The binary scripts/publish.sh builds for this machine (native code): what users deploy.</summary>
    public static string Cli => Path.Combine(Root(), "artifacts", HostRid, "event-recovery");

    /// <summary>Publishes the CLI for this machine with scripts/publish.sh (about a minute: native code is linked).</summary>
    public static void BuildCli()
    {
        var psi = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(Root(), "scripts", "publish.sh"));
        psi.Environment["RIDS"] = HostRid;
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"publishing the CLI failed:\n{output}{error.Result}");
    }
}
