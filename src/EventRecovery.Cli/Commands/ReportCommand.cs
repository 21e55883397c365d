using System.CommandLine;
using System.Text.Json;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Reporting.Html;
using EventRecovery.Job.Sinks;

namespace EventRecovery.Cli.Commands;

/// <summary>
/// <c>event-recovery report</c>: one HTML report from the <c>--summary-json</c> files of runs, typically the N shards
/// of one job run on several machines: counts summed, failure groups merged, each shard's throughput shown.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter console)
    {
        var summaries = new Option<string[]>("--summary-json")
        {
            Description = "Summary files written by 'run --summary-json' (one per shard). Repeat the flag or list several files.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--output")
        {
            Description = "Where the HTML report goes: a file, or s3://bucket/key.html.",
            Required = true,
        };
        var region = new Option<string?>("--region")
        {
            Description = "AWS region, for an s3:// --output. Default: AWS_REGION or AWS_DEFAULT_REGION.",
        };
        var endpoint = new Option<string?>("--endpoint-url")
        {
            Description = "Custom S3 endpoint, for an s3:// --output. Default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL.",
        };
        var command = new Command(
            "report",
            """
            Write one self-contained HTML report from the JSON summaries of runs: the shards of one job, each run
            with --shard I/N --summary-json FILE, merged into one page. Counts are summed, failure groups merged by
            type, outcome and reason class (first 3 examples kept), each shard's throughput drawn; shards missing
            or given twice are named at the top. A single summary gives the same page as 'run --report'.

            Example:
              event-recovery report --summary-json shard-*.json --output report.html
            """
        )
        {
            summaries,
            output,
            region,
            endpoint,
        };
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                var files = parse.GetValue(summaries)!;
                var destination = parse.GetValue(output)!;
                using var aws = new AwsClients(parse.GetValue(region), parse.GetValue(endpoint));
                var runs = new List<RunSummary>();
                foreach (var file in files)
                {
                    if (file.StartsWith("--", StringComparison.Ordinal) && !File.Exists(file))
                    {
                        console.WriteLine($"error: unknown flag {file} (see 'event-recovery report --help')");
                        return ExitCodes.Usage;
                    }
                    try
                    {
                        runs.Add(RunSummary.FromJson(await File.ReadAllTextAsync(file, cancellationToken)));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        console.WriteLine($"error: --summary-json {file}: cannot read it: {e.Message}");
                        return ExitCodes.Usage;
                    }
                    catch (JsonException e)
                    {
                        var at = e.Path is { Length: > 0 } path ? $", at {path}" : "";
                        var where = e.LineNumber is { } line ? $" (line {line + 1}{at})" : "";
                        console.WriteLine(
                            $"error: --summary-json {file}: not a run summary written by 'run --summary-json'{where}: " + e.Message
                        );
                        return ExitCodes.Usage;
                    }
                }
                try
                {
                    await ReportFile.CheckAsync(destination, () => aws.S3, cancellationToken);
                    var data = ReportData.Merge(runs);
                    var page = ReportPage.Render(data, DateTimeOffset.UtcNow);
                    await ReportFile.WriteAsync(destination, page, () => aws.S3, cancellationToken);
                    console.WriteLine(
                        $"report of {runs.Count} run{(runs.Count == 1 ? "" : "s")} ({data.ShardText ?? "not sharded"}): "
                            + $"{Count(data.NumRecordsIn)} lines, {Count(data.Recovered)} recovered, {Count(data.Failed)} failed, "
                            + $"{Count(data.Unrecoverable)} unrecoverable -> {destination}"
                    );
                    foreach (var problem in data.Problems)
                        console.WriteLine($"warning: {problem}");
                    return ExitCodes.Success;
                }
                catch (Exception e) when (e is OutputException or EventRecovery.Job.Pipeline.RunPlanException)
                {
                    console.WriteLine($"error: --output {e.Message}");
                    return ExitCodes.Usage;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or Amazon.Runtime.AmazonServiceException)
                {
                    console.WriteLine($"error: --output {destination}: the report could not be written: {e.Message}");
                    return ExitCodes.RuntimeFailure;
                }
            }
        );
        return command;
    }

    private static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
