using System.Diagnostics;
using System.Globalization;
using EventRecovery.Cli.Tests.Aws;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// Two runs on one checkpoint location would each write every line and overwrite each other's progress: the second
/// is refused (exit 2) naming the first, on a local directory (an OS lock) and on S3 (a lease object).
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class CheckpointLockTests(AwsServers aws) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A run that holds its checkpoint location for as long as the test wants: its payloads go to a standard output
    /// nobody reads, so it stops on a full pipe, however fast the machine.
    /// </summary>
    private static Process StartHeld(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = CliProcess.StartRaw(environment, args);
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static async Task WaitFor(Func<Task<bool>> condition, Process first, string what)
    {
        var deadline = DateTime.UtcNow + CliProcess.Timeout;
        while (!await condition())
        {
            Assert.False(first.HasExited, $"the first run ended before {what}");
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private string[] Arguments(string checkpoint, string failed, string unrecoverable)
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var recoverable = BadRows.Mixed(5).Where(l => l.Expected == Expected.Recovered).Select(l => l.Text).ToList();
        var input = _dir.WriteLines("in/rows.jsonl", Enumerable.Range(0, 20_000).Select(i => recoverable[i % recoverable.Count]));
        return
        [
            "run",
            "--input",
            input,
            "--config",
            config,
            "--output",
            "-",
            "--failed",
            failed,
            "--unrecoverable",
            unrecoverable,
            "--checkpoint-dir",
            checkpoint,
        ];
    }

    [Fact]
    public async Task A_second_run_on_a_local_checkpoint_in_use_is_refused_naming_the_first()
    {
        var args = Arguments(_dir.At("ck"), _dir.At("failed"), _dir.At("unrecoverable"));
        using var first = StartHeld(new Dictionary<string, string>(), args);
        try
        {
            await WaitFor(
                () => Task.FromResult(File.Exists(_dir.At("ck", "shard-0-of-1", "lock-holder.json"))),
                first,
                "the first run to take the checkpoint"
            );

            var second = await CliProcess.RunAsync(args);

            Assert.True(second.ExitCode == 2, second.ToString());
            Assert.StartsWith($"error: --checkpoint-dir {_dir.At("ck", "shard-0-of-1")} is in use by another run", second.Stderr);
            Assert.Contains($"pid {first.Id.ToString(CultureInfo.InvariantCulture)}", second.Stderr);
            Assert.Empty(second.Stdout);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
        }
        // The kernel releases the lock of a killed run: the next run is not locked out.
        await first.WaitForExitAsync();
        var third = await CliProcess.RunAsync([.. args.Select(a => a == "-" ? _dir.At("out") : a)]);
        Assert.NotEqual(2, third.ExitCode);
        Assert.DoesNotContain("in use by another run", third.Stderr);
    }

    [Fact]
    public async Task A_second_run_on_an_S3_checkpoint_in_use_is_refused_naming_the_first_and_when_its_lease_expires()
    {
        var bucket = await aws.S3.NewBucketAsync("lock");
        var args = Arguments($"s3://{bucket}/ck", $"s3://{bucket}/failed", $"s3://{bucket}/unrecoverable");
        using var first = StartHeld(aws.Environment, args);
        try
        {
            await WaitFor(
                async () => await aws.TextOfAsync(bucket, "ck/shard-0-of-1/lease.json") is not null,
                first,
                "the first run to take its lease"
            );

            var second = await CliProcess.RunAsync(aws.Environment, args);

            Assert.True(second.ExitCode == 2, second.ToString());
            Assert.StartsWith($"error: --checkpoint-dir s3://{bucket}/ck/shard-0-of-1 is in use by another run", second.Stderr);
            Assert.Contains($"pid {first.Id.ToString(CultureInfo.InvariantCulture)}", second.Stderr);
            Assert.Contains("its lease expires", second.Stderr);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
        }
    }
}
