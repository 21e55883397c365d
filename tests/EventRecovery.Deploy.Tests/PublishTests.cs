using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EventRecovery.Deploy.Tests;

/// <summary>
/// scripts/publish.sh run once per test run (linux-x64 and linux-arm64, a test version), shared by the tests that
/// need the binaries.
/// </summary>
public sealed class PublishedBinary : IDisposable
{
    public const string Version = "7.7.7-test";
    private readonly Lazy<string> _published;

    public PublishedBinary()
    {
        Root = Directory.CreateTempSubdirectory("event-recovery-publish-").FullName;
        _published = new Lazy<string>(Publish);
    }

    public string Root { get; }

    /// <summary>What publish.sh printed (publishing on first use).</summary>
    public string Log => _published.Value;

    /// <summary>The published executable of a platform (publishing on first use).</summary>
    public string BinaryOf(string rid)
    {
        var log = Log;
        var binary = Path.Combine(Root, "artifacts", rid, "event-recovery");
        Assert.True(File.Exists(binary), "no binary at " + binary + "\n" + log);
        return binary;
    }

    private string Publish()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Templates.Repo, "scripts", "publish.sh"), Version])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["RIDS"] = string.Join(' ', Platform.Rids);
        start.Environment["ARTIFACTS"] = Path.Combine(Root, "artifacts");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        // Two Native AOT builds on a machine of 2 cores: about 2 minutes each when nothing else runs.
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(20)), "publish.sh took more than 20 minutes");
        var log = stdout.Result + stderr;
        Assert.True(process.ExitCode == 0, "publish.sh failed:\n" + log);
        return log;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
    }
}

/// <summary>
/// How a binary of a platform runs on this machine: as it is when the platform is this machine's; otherwise under
/// qemu-user, with the target's C runtime and OpenSSL unpacked into <c>.tools/sysroot-RID</c> as its root
/// (<c>scripts/cross-tools.sh run RID</c>, which scripts/test.sh runs).
/// </summary>
internal static class Platform
{
    public static readonly string[] Rids = ["linux-x64", "linux-arm64"];

    public static string HostRid =>
        RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "linux-x64",
            Architecture.Arm64 => "linux-arm64",
            var other => throw new PlatformNotSupportedException("no published binary runs on " + other),
        };

    /// <summary>ELF e_machine of each platform's executables.</summary>
    public static ushort ElfMachine(string rid) =>
        rid switch
        {
            "linux-x64" => 0x3E,
            "linux-arm64" => 0xB7,
            _ => throw new ArgumentOutOfRangeException(nameof(rid)),
        };

    /// <summary>What goes before <c>./event-recovery</c> on an <c>env -i</c> command line: the emulator and its root, or nothing.</summary>
    public static string[] Launcher(string rid)
    {
        if (rid == HostRid)
            return [];
        var arch = rid switch
        {
            "linux-x64" => "x86_64",
            "linux-arm64" => "aarch64",
            _ => throw new ArgumentOutOfRangeException(nameof(rid)),
        };
        var qemu = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, $"qemu-{arch}-static"), Path.Combine(dir, $"qemu-{arch}") })
            .FirstOrDefault(File.Exists);
        Assert.True(
            qemu != null,
            $"no qemu-{arch}-static or qemu-{arch} on PATH to run the {rid} binary: scripts/test.sh installs it (scripts/cross-tools.sh run {rid})"
        );
        var root = Path.Combine(Templates.Repo, ".tools", "sysroot-" + rid);
        Assert.True(
            File.Exists(Path.Combine(root, ".complete")),
            $"no {root} to run the {rid} binary with: scripts/test.sh makes it (scripts/cross-tools.sh run {rid})"
        );
        return [$"QEMU_LD_PREFIX={root}", qemu];
    }
}

/// <summary>
/// The published executables (native code for both platforms; the one that is not this machine's runs under
/// qemu-user) run the README example with nothing but themselves: a clean environment (env -i), no .NET on PATH, no
/// DOTNET_ROOT, a fresh HOME. What native code could lose (JSON written by the serializer, runtime switches) is
/// checked on the binaries themselves, and the two platforms must write the same bytes.
/// </summary>
public partial class PublishTests(PublishedBinary published) : IClassFixture<PublishedBinary>
{
    public static TheoryData<string> Rids => new(Platform.Rids);

    private static (int Exit, string Stdout, string Stderr) RunClean(string rid, string workDir, string home, params string[] args)
    {
        // PATH holds an empty folder: no dotnet can be found there.
        var emptyBin = Path.Combine(workDir, "empty-bin");
        Directory.CreateDirectory(emptyBin);
        var start = new ProcessStartInfo(
            "/usr/bin/env",
            ["-i", $"PATH={emptyBin}", $"HOME={home}", .. Platform.Launcher(rid), "./event-recovery", .. args]
        )
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)));
        return (process.ExitCode, stdout.Result, stderr);
    }

    private string CleanCopy(string rid)
    {
        var dir = Path.Combine(published.Root, "clean-" + rid + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.Copy(published.BinaryOf(rid), Path.Combine(dir, "event-recovery"));
        File.SetUnixFileMode(
            Path.Combine(dir, "event-recovery"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        );
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

    [Theory]
    [MemberData(nameof(Rids))]
    public void The_binary_is_one_self_contained_native_file_stamped_with_the_version(string rid)
    {
        var binary = published.BinaryOf(rid);
        Assert.Equal(["event-recovery"], Directory.GetFiles(Path.GetDirectoryName(binary)!).Select(Path.GetFileName));
        Assert.Matches(
            new Regex($@"(?m)^{Regex.Escape(rid)}: \S+ \(\S+, native code[^)]*, --version {Regex.Escape(PublishedBinary.Version)}"),
            published.Log
        );
        // An executable of the platform's CPU, and Native AOT rather than a single-file .NET bundle: the runtime's debug
        // header is exported by Native AOT executables only.
        var bytes = File.ReadAllBytes(binary);
        Assert.Equal("\u007fELF"u8.ToArray(), bytes[..4]);
        Assert.Equal(Platform.ElfMachine(rid), BitConverter.ToUInt16(bytes, 18));
        Assert.True(bytes.AsSpan().IndexOf("DotNetRuntimeDebugHeader"u8) >= 0, rid + " binary is not Native AOT");
        var dir = CleanCopy(rid);
        var (exit, stdout, stderr) = RunClean(rid, dir, Path.Combine(dir, "home"), "--version");
        Assert.True(exit == 0, stderr);
        Assert.Equal(PublishedBinary.Version, stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(Rids))]
    public void The_binary_runs_the_readme_example_in_a_clean_environment(string rid)
    {
        var dir = CleanCopy(rid);
        var (exit, _, stderr) = RunClean(
            rid,
            dir,
            Path.Combine(dir, "home"),
            "run",
            "--input",
            "examples/bad-rows",
            "--config",
            "examples/config.json",
            "--output",
            "out/example",
            "--summary-json",
            "summary.json"
        );
        Assert.True(exit == 0, stderr);
        Assert.Contains("numRecordsIn 8 = recovered + failed + unrecoverable 8", stderr);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal("completed", s.GetProperty("outcome").GetString());
        Assert.Equal(
            (8, 6, 1, 1),
            (
                s.GetProperty("numRecordsIn").GetInt64(),
                s.GetProperty("recovered").GetInt64(),
                s.GetProperty("failed").GetInt64(),
                s.GetProperty("unrecoverable").GetInt64()
            )
        );
        Assert.True(s.GetProperty("countsBalance").GetBoolean());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "out", "example"), "part-*.txt"));
        // The recovery_error rows carry the stamped version as the processor's.
        var failed = Directory.GetFiles(Path.Combine(dir, "out", "example", "failed"), "part-*.txt", SearchOption.AllDirectories);
        Assert.Contains(PublishedBinary.Version, File.ReadAllText(Assert.Single(failed)));
    }

    [Fact]
    public void The_arm64_binary_writes_the_same_bytes_as_the_x64_binary()
    {
        // The README example with one worker, so that the lines of a part are in input order on both (with more workers,
        // batches are written in the order they finish). Part names carry the run's id, which is new for every run.
        var outputs = Platform.Rids.ToDictionary(
            rid => rid,
            rid =>
            {
                var dir = CleanCopy(rid);
                var (exit, _, stderr) = RunClean(
                    rid,
                    dir,
                    Path.Combine(dir, "home"),
                    "run",
                    "--input",
                    "examples/bad-rows",
                    "--config",
                    "examples/config.json",
                    "--output",
                    "out/example",
                    "--workers",
                    "1"
                );
                Assert.True(exit == 0, rid + ": " + stderr);
                var root = Path.Combine(dir, "out", "example");
                return Directory
                    .GetFiles(root, "*", SearchOption.AllDirectories)
                    .Select(file => (Name: RunId().Replace(Path.GetRelativePath(root, file), "part-RUN-"), Bytes: File.ReadAllBytes(file)))
                    .OrderBy(f => f.Name, StringComparer.Ordinal)
                    .ToList();
            }
        );
        var x64 = outputs["linux-x64"];
        var arm64 = outputs["linux-arm64"];
        // Recovered, failed, unrecoverable: one part each, and the marker that keeps the recovered folder from being read as input.
        Assert.Equal(4, x64.Count);
        Assert.Contains(x64, f => f.Name == ".event-recovery-output");
        Assert.Equal(x64.Select(f => f.Name), arm64.Select(f => f.Name));
        foreach (var (a, b) in x64.Zip(arm64))
        {
            Assert.NotEmpty(a.Bytes);
            Assert.True(
                a.Bytes.AsSpan().SequenceEqual(b.Bytes),
                $"{a.Name} differs between linux-x64 and linux-arm64:\n{System.Text.Encoding.UTF8.GetString(a.Bytes)}\n---\n{System.Text.Encoding.UTF8.GetString(b.Bytes)}"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Rids))]
    public void The_binary_resumes_from_the_checkpoint_it_wrote(string rid)
    {
        var dir = CleanCopy(rid);
        var home = Path.Combine(dir, "home");
        string[] run =
        [
            "run",
            "--input",
            "examples/bad-rows",
            "--config",
            "examples/config.json",
            "--output",
            "out/example",
            "--checkpoint-dir",
            "checkpoints",
            "--summary-json",
            "summary.json",
        ];
        var (exit, _, stderr) = RunClean(rid, dir, home, run);
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
        (exit, _, stderr) = RunClean(rid, dir, home, run);
        Assert.True(exit == 0, stderr);
        Assert.Contains("done by an earlier run", stderr);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal(0, summary.RootElement.GetProperty("numRecordsIn").GetInt64());
        Assert.True(summary.RootElement.GetProperty("inputSplitsDoneEarlier").GetInt64() > 0);
    }

    [Theory]
    [MemberData(nameof(Rids))]
    public void The_binary_fails_on_a_truncated_gzip_naming_the_file(string rid)
    {
        // The runtime switch System.IO.Compression.UseStrictValidation (EventRecovery.Cli.csproj) must reach the
        // binary: without it the read ends quietly at the cut and the run "completes".
        var dir = CleanCopy(rid);
        var lines = string.Join(
            "\n",
            Enumerable
                .Range(0, 400)
                .Select(i =>
                    $"{{\"schema\":\"iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0\",\"data\":{{\"n\":{i},\"pad\":\"{Guid.NewGuid()}{Guid.NewGuid()}\"}}}}"
                )
        );
        using var gz = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(System.Text.Encoding.UTF8.GetBytes(lines));
        File.WriteAllBytes(Path.Combine(dir, "cut.gz"), gz.ToArray()[..(int)(gz.Length / 2)]);

        var (exit, _, stderr) = RunClean(
            rid,
            dir,
            Path.Combine(dir, "home"),
            "run",
            "--input",
            "cut.gz",
            "--config",
            "examples/config.json",
            "--output",
            "out/cut"
        );
        Assert.NotEqual(0, exit);
        Assert.Contains("cut.gz", stderr);
        Assert.Contains("truncated", stderr);
    }

    [GeneratedRegex(@"part-\d{8}T\d{6}Z-[0-9a-f]+-")]
    private static partial Regex RunId();
}
