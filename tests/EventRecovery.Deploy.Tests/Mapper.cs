using System.Diagnostics;

namespace EventRecovery.Deploy.Tests;

/// <summary>Runs deploy/dataflow-runner/event-recovery-mapper with a stand-in program that records its arguments.</summary>
internal static class Mapper
{
    /// <summary>The arguments the mapper passes to event-recovery for one map task's input.</summary>
    public static async Task<List<string>> RunAsync(IReadOnlyList<string> args, string stdin)
    {
        var (exit, stdout, stderr, ran) = await RunRawAsync(args, stdin);
        Assert.True(exit == 0, stderr);
        // The streaming output is one line per task; what event-recovery prints goes to the task log (stderr).
        Assert.Matches(@"^\d+/\d+\texit=0\n$", stdout);
        Assert.Contains("summary on stdout goes to the task log", stderr);
        return ran!;
    }

    public static async Task<(int Exit, string Stdout, string Stderr, List<string>? Args)> RunRawAsync(
        IReadOnlyList<string> args,
        string stdin
    )
    {
        var dir = Directory.CreateTempSubdirectory("mapper-test-").FullName;
        try
        {
            var argsFile = Path.Combine(dir, "args.txt");
            var stub = Path.Combine(dir, "event-recovery");
            File.WriteAllText(stub, $"#!/bin/bash\nprintf '%s\\n' \"$@\" > '{argsFile}'\necho 'summary on stdout goes to the task log'\n");
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var start = new ProcessStartInfo("bash", [Templates.PathOf("dataflow-runner/event-recovery-mapper"), .. args])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["EVENT_RECOVERY_BIN"] = stub;
            using var process = Process.Start(start)!;
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout, await stderr, File.Exists(argsFile) ? File.ReadAllLines(argsFile).ToList() : null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
