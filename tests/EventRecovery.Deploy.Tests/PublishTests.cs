using System.Diagnostics;
using System.Text.Json;

namespace EventRecovery.Deploy.Tests;

/// <summary>scripts/publish.sh run once per test run (linux-x64, a test version), shared by the tests that need the binary.</summary>
public sealed class PublishedBinary : IDisposable
{
    public const string Version = "7.7.7-test";
    private readonly Lazy<(string Binary, string Log)> _published;

    public PublishedBinary()
    {
        Root = Directory.CreateTempSubdirectory("event-recovery-publish-").FullName;
        _published = new Lazy<(string, string)>(Publish);
    }

    public string Root { get; }

    /// <summary>The published executable (publishing on first use).</summary>
    public string Binary => _published.Value.Binary;

    public string Log => _published.Value.Log;

    private (string, string) Publish()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Templates.Repo, "scripts", "publish.sh"), Version])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["RIDS"] = "linux-x64";
        start.Environment["ARTIFACTS"] = Path.Combine(Root, "artifacts");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "publish.sh took more than 10 minutes");
        var log = stdout.Result + stderr;
        Assert.True(process.ExitCode == 0, "publish.sh failed:\n" + log);
        var binary = Path.Combine(Root, "artifacts", "linux-x64", "event-recovery");
        Assert.True(File.Exists(binary), "no binary at " + binary + "\n" + log);
        return (binary, log);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The published executable (native code on this machine's platform) runs the README example with nothing but
/// itself: a clean environment (env -i), no .NET on PATH, no DOTNET_ROOT, a fresh HOME. What native code could
/// lose (JSON written by the serializer, runtime switches) is checked on the binary itself.
/// </summary>
public class PublishTests(PublishedBinary published) : IClassFixture<PublishedBinary>
{
    private static (int Exit, string Stdout, string Stderr) RunClean(string workDir, string home, params string[] args)
    {
        // PATH holds an empty folder: no dotnet can be found there.
        var emptyBin = Path.Combine(workDir, "empty-bin");
        Directory.CreateDirectory(emptyBin);
        var start = new ProcessStartInfo("/usr/bin/env", ["-i", $"PATH={emptyBin}", $"HOME={home}", "./event-recovery", .. args])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)));
        return (process.ExitCode, stdout.Result, stderr);
    }

    private string CleanCopy()
    {
        var dir = Path.Combine(published.Root, "clean-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.Copy(published.Binary, Path.Combine(dir, "event-recovery"));
        File.SetUnixFileMode(Path.Combine(dir, "event-recovery"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var examples = Path.Combine(Templates.Repo, "examples");
        foreach (var file in Directory.EnumerateFiles(examples, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, "examples", Path.GetRelativePath(examples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Directory.CreateDirectory(Path.Combine(dir, "home"));
        return dir;
    }

    [Fact]
    public void The_binary_is_one_self_contained_file_stamped_with_the_version()
    {
        var files = Directory.GetFiles(Path.GetDirectoryName(published.Binary)!);
        Assert.Equal(["event-recovery"], files.Select(Path.GetFileName));
        Assert.Contains("linux-x64: ", published.Log);
        Assert.Contains("native code, --version", published.Log);
        var dir = CleanCopy();
        var (exit, stdout, stderr) = RunClean(dir, Path.Combine(dir, "home"), "--version");
        Assert.True(exit == 0, stderr);
        Assert.Equal(PublishedBinary.Version, stdout.Trim());
    }

    [Fact]
    public void The_binary_runs_the_readme_example_in_a_clean_environment()
    {
        var dir = CleanCopy();
        var (exit, _, stderr) = RunClean(dir, Path.Combine(dir, "home"),
            "run", "--input", "examples/bad-rows", "--config", "examples/config.json", "--output", "out/example", "--summary-json", "summary.json");
        Assert.True(exit == 0, stderr);
        Assert.Contains("numRecordsIn 8 = recovered + failed + unrecoverable 8", stderr);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal("completed", s.GetProperty("outcome").GetString());
        Assert.Equal((8, 6, 1, 1), (s.GetProperty("numRecordsIn").GetInt64(), s.GetProperty("recovered").GetInt64(), s.GetProperty("failed").GetInt64(), s.GetProperty("unrecoverable").GetInt64()));
        Assert.True(s.GetProperty("countsBalance").GetBoolean());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "out", "example"), "part-*.txt"));
        // The recovery_error rows carry the stamped version as the processor's.
        var failed = Directory.GetFiles(Path.Combine(dir, "out", "example", "failed"), "part-*.txt", SearchOption.AllDirectories);
        Assert.Contains(PublishedBinary.Version, File.ReadAllText(Assert.Single(failed)));
    }

    [Fact]
    public void The_binary_resumes_from_the_checkpoint_it_wrote()
    {
        var dir = CleanCopy();
        var home = Path.Combine(dir, "home");
        string[] run = ["run", "--input", "examples/bad-rows", "--config", "examples/config.json", "--output", "out/example", "--checkpoint-dir", "checkpoints", "--summary-json", "summary.json"];
        var (exit, _, stderr) = RunClean(dir, home, run);
        Assert.True(exit == 0, stderr);
        var shard = Path.Combine(dir, "checkpoints", "shard-0-of-1");
        using (var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(shard, "checkpoint.json"))))
        {
            var splits = state.RootElement.GetProperty("splits").EnumerateObject().ToList();
            Assert.NotEmpty(splits);
            Assert.All(splits, s => Assert.True(s.Value.GetProperty("done").GetBoolean()));
        }

        // Without the completion marker, the same command reads the checkpoint back and has nothing left to do.
        File.Delete(Path.Combine(shard, "_COMPLETE"));
        (exit, _, stderr) = RunClean(dir, home, run);
        Assert.True(exit == 0, stderr);
        Assert.Contains("done by an earlier run", stderr);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal(0, summary.RootElement.GetProperty("numRecordsIn").GetInt64());
        Assert.True(summary.RootElement.GetProperty("inputSplitsDoneEarlier").GetInt64() > 0);
    }

    [Fact]
    public void The_binary_fails_on_a_truncated_gzip_naming_the_file()
    {
        // The runtime switch System.IO.Compression.UseStrictValidation (EventRecovery.Cli.csproj) must reach the
        // binary: without it the read ends quietly at the cut and the run "completes".
        var dir = CleanCopy();
        var lines = string.Join("\n", Enumerable.Range(0, 400).Select(i => $"{{\"schema\":\"iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0\",\"data\":{{\"n\":{i},\"pad\":\"{Guid.NewGuid()}{Guid.NewGuid()}\"}}}}"));
        using var gz = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(System.Text.Encoding.UTF8.GetBytes(lines));
        File.WriteAllBytes(Path.Combine(dir, "cut.gz"), gz.ToArray()[..(int)(gz.Length / 2)]);

        var (exit, _, stderr) = RunClean(dir, Path.Combine(dir, "home"), "run", "--input", "cut.gz", "--config", "examples/config.json", "--output", "out/cut");
        Assert.NotEqual(0, exit);
        Assert.Contains("cut.gz", stderr);
        Assert.Contains("truncated", stderr);
    }
}
