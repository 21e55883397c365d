using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests.Aws;

/// <summary><c>run --report s3://…</c> and <c>report --output s3://…</c> against a real S3 API (s3rver) on loopback.</summary>
[Collection(AwsCollection.Name)]
public sealed class ReportToS3Tests(AwsServers aws) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Example(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "examples", name));

    private async Task<(string Body, string ContentType)> ReadAsync(string bucket, string key)
    {
        using var response = await aws.S3.Client.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return (await reader.ReadToEndAsync(), response.Headers.ContentType);
    }

    [Fact]
    public async Task A_run_writes_its_report_to_s3_as_an_html_object()
    {
        var bucket = await aws.S3.NewBucketAsync("report");

        var result = await CliProcess.RunAsync(
            aws.Environment,
            "run",
            "--input",
            Example("bad-rows"),
            "--config",
            Example("config.json"),
            "--output",
            $"s3://{bucket}/out",
            "--summary-json",
            _dir.At("summary.json"),
            "--report",
            $"s3://{bucket}/reports/run-1.html"
        );

        Assert.True(result.ExitCode == 0, result + "\n--- s3rver\n" + aws.S3.Log);
        var (body, contentType) = await ReadAsync(bucket, "reports/run-1.html");
        Assert.StartsWith("text/html", contentType, StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>", body, StringComparison.Ordinal);
        Assert.Contains("<span class=\"value\" id=\"figure-lines\">8</span>", body);
        Assert.Contains($"s3://{bucket}/out/failed", body);
    }

    [Fact]
    public async Task The_report_command_writes_a_merged_report_to_s3()
    {
        var bucket = await aws.S3.NewBucketAsync("merged");
        foreach (var shard in new[] { "0", "1" })
        {
            var run = await CliProcess.RunAsync(
                "run",
                "--input",
                Example("bad-rows"),
                "--config",
                Example("config.json"),
                "--output",
                _dir.At("out" + shard),
                "--shard",
                shard + "/2",
                "--summary-json",
                _dir.At($"s{shard}.json")
            );
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var result = await CliProcess.RunAsync(
            aws.Environment,
            "report",
            "--summary-json",
            _dir.At("s0.json"),
            _dir.At("s1.json"),
            "--output",
            $"s3://{bucket}/job/report.html"
        );

        Assert.True(result.ExitCode == 0, result + "\n--- s3rver\n" + aws.S3.Log);
        var (body, _) = await ReadAsync(bucket, "job/report.html");
        Assert.Contains("all 2 shards merged", body);
        Assert.Contains("<span class=\"value\" id=\"figure-lines\">8</span>", body);
    }

    [Fact]
    public async Task A_report_to_a_bucket_that_does_not_exist_stops_the_run_before_any_work()
    {
        var result = await CliProcess.RunAsync(
            aws.Environment,
            "run",
            "--input",
            Example("bad-rows"),
            "--config",
            Example("config.json"),
            "--output",
            _dir.At("out"),
            "--report",
            "s3://no-such-bucket-for-reports/r.html"
        );

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--report", result.Stdout + result.Stderr);
        Assert.Contains("no-such-bucket-for-reports", result.Stdout + result.Stderr);
        Assert.False(Directory.Exists(_dir.At("out")), "nothing was written");
    }
}
