using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests.Aws;

/// <summary>
/// The production path, end to end, against real S3 and Kinesis APIs on loopback: bad rows from S3, recovered
/// payloads to Kinesis, failed and unrecoverable rows to S3. Every input line carries a unique marker, so what
/// landed can be checked line by line.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class S3ToKinesisTests(AwsServers aws)
{
    private const int FileCount = 4;

    /// <summary>Puts <paramref name="lines"/> into several objects (one gzip) under <c>input/</c>.</summary>
    private async Task PutInputAsync(string bucket, List<InputLine> lines)
    {
        var per = (lines.Count + FileCount - 1) / FileCount;
        for (var i = 0; i < FileCount; i++)
        {
            var key = i == 0 ? "input/2026/10/part-0.gz" : $"input/2026/10/part-{i}.txt";
            await aws.PutLinesAsync(bucket, key, lines.Skip(i * per).Take(per).Select(l => l.Text));
        }
    }

    private static Dictionary<string, Expected> Expectations(IEnumerable<InputLine> lines) =>
        lines.ToDictionary(l => l.Id, l => l.Expected);

    [Fact]
    public async Task Every_line_lands_in_exactly_the_right_place()
    {
        var bucket = await aws.S3.NewBucketAsync("e2e");
        var stream = "recovered-" + Guid.NewGuid().ToString("N")[..8];
        await aws.CreateStreamAsync(stream);
        var lines = BadRows.Mixed(500);
        await PutInputAsync(bucket, lines);
        using var temp = new TempDir();
        var config = temp.WriteText("config.json", Configs.Standard);

        var result = await CliProcess.RunAsync(
            aws.Environment,
            "run",
            "--input",
            $"s3://{bucket}/input",
            "--config",
            config,
            "--output",
            $"kinesis://{stream}",
            "--failed",
            $"s3://{bucket}/failed",
            "--unrecoverable",
            $"s3://{bucket}/unrecoverable",
            "--batch-size",
            "50",
            "--summary-json",
            temp.At("summary.json")
        );

        Assert.True(result.ExitCode == 0, result + "\n--- s3rver\n" + aws.S3.Log);
        var expected = Expectations(lines);
        var recovered = (await aws.RecoveredInAsync(stream)).ToList();
        Assert.All(recovered, p => Assert.Equal("new", Outputs.Parameter(p, "page") ?? "new"));
        var recoveredIds = recovered.Select(p => Outputs.Markers(p.Querystring ?? "").Single()).ToList();
        var failedIds = (await aws.LinesUnderAsync(bucket, $"failed/{Outputs.RecoveryErrorFolder}/"))
            .Select(l => Outputs.Markers(l).First())
            .ToList();
        var invalidIds = (await aws.LinesUnderAsync(bucket, $"failed/{Outputs.FormatViolationFolder}/"))
            .Select(l => Outputs.Markers(l).First())
            .ToList();
        var unrecoverableIds = (await aws.LinesUnderAsync(bucket, $"unrecoverable/{Outputs.RecoveryErrorFolder}/"))
            .Select(l => Outputs.Markers(l).First())
            .ToList();

        Assert.Equal(expected.Where(e => e.Value == Expected.Recovered).Select(e => e.Key).Order(), recoveredIds.Order());
        Assert.Equal(expected.Where(e => e.Value == Expected.Failed).Select(e => e.Key).Order(), failedIds.Order());
        Assert.Equal(expected.Where(e => e.Value == Expected.NotABadRow).Select(e => e.Key).Order(), invalidIds.Order());
        Assert.Equal(expected.Where(e => e.Value == Expected.Unrecoverable).Select(e => e.Key).Order(), unrecoverableIds.Order());
        var summary = Outputs.Summary(temp.At("summary.json"));
        Assert.Equal(lines.Count, summary.Count("numRecordsIn"));
        Assert.Equal(recoveredIds.Count, summary.Count("recovered"));
    }

    [Fact]
    public async Task Killed_again_and_again_then_resumed_from_checkpoints_loses_no_line()
    {
        var bucket = await aws.S3.NewBucketAsync("kill");
        var stream = "killed-" + Guid.NewGuid().ToString("N")[..8];
        await aws.CreateStreamAsync(stream, shards: 4);
        // Large enough that a resumed attempt still runs past its next checkpoint (1 s) on a fast core: 40,000 lines
        // were once recovered within two attempts, before a second kill.
        var lines = BadRows.Mixed(100_000);
        await PutInputAsync(bucket, lines);
        using var temp = new TempDir();
        var config = temp.WriteText("config.json", Configs.Standard);
        string[] args =
        [
            "run",
            "--input",
            $"s3://{bucket}/input",
            "--config",
            config,
            "--output",
            $"kinesis://{stream}",
            "--failed",
            $"s3://{bucket}/failed",
            "--unrecoverable",
            $"s3://{bucket}/unrecoverable",
            "--checkpoint-dir",
            $"s3://{bucket}/checkpoints",
            "--checkpoint-interval",
            "1",
            "--max-buffered",
            "2000",
        ];

        // Kill without warning at a random point after each attempt has made progress (a new checkpoint), so that
        // every kill lands mid-run whatever the machine's speed.
        var random = new Random(20261122);
        var kills = 0;
        string? lastCheckpoint = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var running = CliProcess.Start(aws.Environment, args);
            var progressed = await WaitForNewCheckpointAsync(bucket, lastCheckpoint, running);
            if (progressed is not null)
            {
                lastCheckpoint = progressed;
                await Task.Delay(random.Next(600));
            }
            if (running.HasExited)
            {
                var early = await running.WaitAsync();
                Assert.True(early.ExitCode == 0, $"attempt {attempt} ended on its own: {early}");
                break;
            }
            running.KillHard();
            await running.WaitAsync();
            kills++;
        }
        var last = await CliProcess.RunAsync(aws.Environment, args);
        Assert.True(last.ExitCode == 0, last + "\n--- s3rver\n" + aws.S3.Log);

        var found = new List<string>();
        found.AddRange((await aws.RecoveredInAsync(stream)).Select(p => Outputs.Markers(p.Querystring ?? "").Single()));
        foreach (
            var prefix in new[]
            {
                $"failed/{Outputs.RecoveryErrorFolder}/",
                $"failed/{Outputs.FormatViolationFolder}/",
                $"unrecoverable/{Outputs.RecoveryErrorFolder}/",
            }
        )
            found.AddRange((await aws.LinesUnderAsync(bucket, prefix)).Select(l => Outputs.Markers(l).First()));

        var missing = lines.Select(l => l.Id).Except(found).ToList();
        var duplicates = found.Count - found.Distinct().Count();
        Console.WriteLine($"killed {kills} times; {found.Count} outputs for {lines.Count} lines, {duplicates} duplicates");
        Assert.True(kills >= 2, $"the run finished before it could be killed twice ({kills}); make the input larger");
        Assert.Empty(missing);
        Assert.Empty(found.Except(lines.Select(l => l.Id)));
    }

    /// <summary>The checkpoint's text once it differs from <paramref name="previous"/>; null if the run ended first.</summary>
    private async Task<string?> WaitForNewCheckpointAsync(string bucket, string? previous, RunningCli running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!running.HasExited && DateTime.UtcNow < deadline)
        {
            var text = await aws.TextOfAsync(bucket, "checkpoints/shard-0-of-1/checkpoint.json");
            if (text is not null && text != previous)
                return text;
            await Task.Delay(50);
        }
        return null;
    }

    [Fact]
    public async Task Three_shards_together_process_every_line_exactly_once()
    {
        var bucket = await aws.S3.NewBucketAsync("shards");
        var lines = BadRows.Mixed(3_000);
        // More objects than shards, of different sizes, so that the plan has something to balance.
        for (var i = 0; i < 7; i++)
            await aws.PutLinesAsync(
                bucket,
                $"input/part-{i}.txt",
                lines.Where((_, n) => n % 7 == i).Take(200 + 100 * i).Select(l => l.Text)
            );
        var written = lines.Where((_, n) => n / 7 < 200 + 100 * (n % 7)).Select(l => l.Id).ToHashSet();
        using var temp = new TempDir();
        var config = temp.WriteText("config.json", Configs.Standard);

        var runs = Enumerable
            .Range(0, 3)
            .Select(i =>
                CliProcess.RunAsync(
                    aws.Environment,
                    "run",
                    "--input",
                    $"s3://{bucket}/input",
                    "--config",
                    config,
                    "--output",
                    $"s3://{bucket}/out",
                    "--shard",
                    $"{i}/3",
                    "--summary-json",
                    temp.At($"summary-{i}.json")
                )
            )
            .ToList();
        var results = await Task.WhenAll(runs);
        foreach (var r in results)
            Assert.True(r.ExitCode == 0, r + "\n--- s3rver\n" + aws.S3.Log);

        var found = new List<string>();
        foreach (var line in await aws.LinesUnderAsync(bucket, "out/"))
        {
            var isThrift = !line.StartsWith('{');
            found.Add(isThrift ? Outputs.Markers(Outputs.Decode(line).Querystring ?? "").Single() : Outputs.Markers(line).First());
        }
        Assert.Equal(written.Order(), found.Order()); // each line exactly once, none missing, none extra
        var summaries = Enumerable.Range(0, 3).Select(i => Outputs.Summary(temp.At($"summary-{i}.json"))).ToList();
        Assert.Equal(written.Count, summaries.Sum(s => s.Count("numRecordsIn")));
        Assert.All(summaries, s => Assert.True(s.Count("numRecordsIn") > 0, "a shard got no work"));
    }
}
