using System.Diagnostics;
using System.Text;

namespace EventRecovery.Cli.Tests.Fixtures;

/// <summary>What a finished run of the program printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built program (<c>event-recovery.dll</c>, copied next to the tests by the project reference) as a child
/// process: <c>dotnet event-recovery.dll ARGS</c>, with both streams captured and a generous timeout against hangs.
/// </summary>
public static class CliProcess
{
    /// <summary>Longest a run may take before the test gives up on it (a hang, not a slow machine).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The program under test.</summary>
    public static string Dll { get; } = Locate();

    private static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "event-recovery.dll");
        if (File.Exists(beside))
            return beside;
        // Fallback: the Cli project's own output, for the configuration the tests were built with.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        var repo = AppContext.BaseDirectory;
        while (repo is not null && !File.Exists(Path.Combine(repo, "EventRecovery.slnx")))
            repo = Path.GetDirectoryName(repo.TrimEnd('/'));
        var built = Path.Combine(repo ?? ".", "src", "EventRecovery.Cli", "bin", configuration, "net10.0", "event-recovery.dll");
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException(
                $"event-recovery.dll is neither in {AppContext.BaseDirectory} nor at {built}: build the solution first"
            );
    }

    /// <summary>Runs to the end and returns what it printed.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var running = Start(args);
        return await running.WaitAsync();
    }

    /// <summary>Starts the program; the caller waits, signals or kills it.</summary>
    public static RunningCli Start(params string[] args) => new(args, null);

    /// <summary>Starts the program with extra environment variables (AWS endpoints and credentials of test servers).</summary>
    public static RunningCli Start(IReadOnlyDictionary<string, string> environment, params string[] args) => new(args, environment);

    /// <summary>
    /// Starts the program with all three standard streams left to the caller (to feed standard input, read standard
    /// output partly, or leave it unread so that the run holds on a full pipe).
    /// </summary>
    public static Process StartRaw(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartRawIn(null, environment, args);

    /// <summary>As <see cref="StartRaw"/>, in the working directory <paramref name="workingDirectory"/> (null: the test's).</summary>
    public static Process StartRawIn(string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
    }

    /// <summary>Runs to the end with extra environment variables.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var running = Start(environment, args);
        return await running.WaitAsync();
    }
}

/// <summary>A running child process of the program.</summary>
public sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly StringBuilder _stderrSoFar = new();

    internal RunningCli(string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.ArgumentList.Add(CliProcess.Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        _process.StandardInput.Close();
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await _process.StandardError.ReadAsync(buffer)) > 0)
                lock (_stderrSoFar)
                    _stderrSoFar.Append(buffer, 0, n);
            lock (_stderrSoFar)
                return _stderrSoFar.ToString();
        });
    }

    /// <summary>The process id, to send it signals.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Standard error printed so far.</summary>
    public string StderrSoFar
    {
        get
        {
            lock (_stderrSoFar)
                return _stderrSoFar.ToString();
        }
    }

    /// <summary>Sends a signal by name (INT, TERM) with <c>kill</c>, as a shell or an orchestrator would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(
            new ProcessStartInfo("kill", ["-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
            }
        )!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -{name} {Id} failed (exit code {kill.ExitCode})");
    }

    /// <summary>Kills the process at once (SIGKILL): no handler runs, like a crash or an out-of-memory kill.</summary>
    public void KillHard() => _process.Kill();

    /// <summary>Waits for the end; a process still running after <see cref="CliProcess.Timeout"/> is killed and the test fails.</summary>
    public async Task<CliResult> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(CliProcess.Timeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"event-recovery did not end within {CliProcess.Timeout}; stderr so far:\n{StderrSoFar}");
        }
        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Waits until <paramref name="condition"/> holds while the process runs; fails if it ends first.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + CliProcess.Timeout;
        while (!condition())
        {
            if (_process.HasExited)
                Assert.Fail($"event-recovery ended (exit code {_process.ExitCode}) before {what}; stderr:\n{StderrSoFar}");
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
