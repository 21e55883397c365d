using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EventRecovery.Cli.Arguments;
using EventRecovery.Cli.Commands;
using EventRecovery.Cli.Tests.Fixtures;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// <c>run --metrics</c>: the program sends EMF to a loopback stand-in of the CloudWatch agent and the final document
/// has the figures of the summary; bad metrics flags are usage errors; <c>--version</c> prints the stamped version.
/// </summary>
public class MetricsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [Fact]
    public async Task The_readme_example_with_emf_metrics_ends_with_a_document_that_matches_the_summary()
    {
        using var agent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)agent.Client.LocalEndPoint!).Port;
        var received = new List<string>();
        var listening = Task.Run(async () =>
        {
            try
            {
                while (true)
                    received.Add(Encoding.UTF8.GetString((await agent.ReceiveAsync()).Buffer));
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException) { }
        });
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            Path.Combine(Repo(), "examples", "bad-rows"),
            "--config",
            Path.Combine(Repo(), "examples", "config.json"),
            "--output",
            output,
            "--summary-json",
            summaryPath,
            "--metrics",
            "emf",
            "--metrics-endpoint",
            $"udp://127.0.0.1:{port}",
            "--metrics-interval",
            "1",
            "--job-name",
            "readme-example",
            "--shard",
            "0/1"
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        await Task.Delay(200);
        agent.Dispose();
        await listening;
        Assert.NotEmpty(received);
        using var final = JsonDocument.Parse(received[^1]);
        var root = final.RootElement;
        var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("snowplow/event-recovery", directive.GetProperty("Namespace").GetString());
        Assert.Equal("readme-example", root.GetProperty("JobName").GetString());
        Assert.Equal("0/1", root.GetProperty("Shard").GetString());
        Assert.Equal(VersionInfo.Version, root.GetProperty("Version").GetString());
        foreach (var definition in directive.GetProperty("Metrics").EnumerateArray())
            Assert.Equal(JsonValueKind.Number, root.GetProperty(definition.GetProperty("Name").GetString()!).ValueKind);

        var summary = Outputs.Summary(summaryPath);
        Assert.Equal(8, root.GetProperty("numRecordsIn").GetInt64());
        Assert.Equal(summary.Count("numRecordsIn"), root.GetProperty("numRecordsIn").GetInt64());
        Assert.Equal(summary.Count("recovered"), root.GetProperty("events_recovered").GetInt64());
        Assert.Equal(summary.Count("failed"), root.GetProperty("events_failed").GetInt64());
        Assert.Equal(summary.Count("unrecoverable"), root.GetProperty("events_unrecoverable").GetInt64());
        Assert.Equal(summary.Count("inputBytes"), root.GetProperty("input_bytes").GetInt64());
        Assert.Equal(
            (6, 1, 1),
            (
                root.GetProperty("events_recovered").GetInt64(),
                root.GetProperty("events_failed").GetInt64(),
                root.GetProperty("events_unrecoverable").GetInt64()
            )
        );
        var parts = Outputs.AllFiles(output).Count(f => Path.GetFileName(f).StartsWith("part-", StringComparison.Ordinal));
        Assert.Equal(parts, root.GetProperty("parts_written").GetInt64());
    }

    [Theory]
    [InlineData(new[] { "--metrics-endpoint", "udp://127.0.0.1:25888" }, "--metrics-endpoint needs --metrics emf or --metrics otlp")]
    [InlineData(
        new[] { "--metrics", "emf", "--metrics-endpoint", "http://127.0.0.1:25888" },
        "--metrics-endpoint http://127.0.0.1:25888: expected udp://host:port or tcp://host:port"
    )]
    [InlineData(new[] { "--metrics", "emf", "--metrics-endpoint", "udp://127.0.0.1" }, "the port is missing")]
    [InlineData(
        new[] { "--metrics", "otlp", "--metrics-endpoint", "tcp://127.0.0.1:4318" },
        "--metrics-endpoint tcp://127.0.0.1:4318: expected an http:// or https:// URL"
    )]
    [InlineData(new[] { "--metrics", "otlp", "--metrics-interval", "0" }, "--metrics-interval 0: must be at least 1 second")]
    [InlineData(new[] { "--metrics", "emf", "--job-name", "" }, "--job-name '': must be 1 to 255 characters")]
    [InlineData(new[] { "--metrics", "statsd" }, "statsd")]
    public async Task Bad_metrics_flags_are_usage_errors(string[] flags, string message)
    {
        _dir.WriteText("config.json", Configs.Standard);
        _dir.WriteLines("in/rows.jsonl", BadRows.Mixed(3).Select(l => l.Text));
        var result = await CliProcess.RunAsync([
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            _dir.At("config.json"),
            "--output",
            _dir.At("out"),
            .. flags,
        ]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(_dir.At("out")), "nothing written");
    }

    [Fact]
    public async Task Version_prints_the_version_of_Directory_Build_props()
    {
        var props = File.ReadAllText(Path.Combine(Repo(), "Directory.Build.props"));
        var version = System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.NotEmpty(version);
        var result = await CliProcess.RunAsync("--version");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(version, result.Stdout.Trim());
        Assert.Equal(version, VersionInfo.Version);
    }

    private static MetricsSettings Resolve(string[] flags, Dictionary<string, string> environment)
    {
        var options = new RunOptions();
        var parse = RunCommand.Create(options, TextWriter.Null).Parse(["--input", "x", "--config", "c", "--output", "o", .. flags]);
        Assert.Empty(parse.Errors);
        var shard = ShardArgument.Resolve(parse.GetValue(options.Shard), parse.GetValue(options.Shards), environment.GetValueOrDefault);
        return options.Metrics.Resolve(parse, shard, "1.2.3", environment.GetValueOrDefault);
    }

    [Fact]
    public void Defaults_endpoints_from_the_environment_and_the_shard_in_the_dimensions()
    {
        Assert.Equal(MetricsExport.None, Resolve([], []).Export);

        var emf = Resolve(["--metrics", "emf", "--shards", "4"], new() { ["JOB_COMPLETION_INDEX"] = "3" });
        Assert.Equal(
            (MetricsExport.Emf, "udp://127.0.0.1:25888", "3/4", "event-recovery", 10.0),
            (emf.Export, emf.Emf.ToString(), emf.Shard, emf.JobName, emf.Interval.TotalSeconds)
        );

        var agent = Resolve(["--metrics", "emf", "--job-name", "j"], new() { ["AWS_EMF_AGENT_ENDPOINT"] = "tcp://cwagent:25888" });
        Assert.Equal(("tcp://cwagent:25888", "0/1", "j"), (agent.Emf.ToString(), agent.Shard, agent.JobName));

        var flag = Resolve(
            ["--metrics", "emf", "--metrics-endpoint", "tcp://10.0.0.1:25888"],
            new() { ["AWS_EMF_AGENT_ENDPOINT"] = "udp://ignored:1" }
        );
        Assert.Equal("tcp://10.0.0.1:25888", flag.Emf.ToString());

        var otlp = Resolve(
            ["--metrics", "otlp", "--metrics-interval", "3", "--shard", "1/2"],
            new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318" }
        );
        Assert.Equal(
            (new Uri("http://collector:4318/v1/metrics"), 3.0, "1/2", "1.2.3"),
            (otlp.Otlp, otlp.Interval.TotalSeconds, otlp.Shard, otlp.Version)
        );

        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/metrics"), Resolve(["--metrics", "otlp"], []).Otlp);
        var bad = Assert.Throws<UsageException>(() =>
            Resolve(["--metrics", "emf"], new() { ["AWS_EMF_AGENT_ENDPOINT"] = "localhost:25888" })
        );
        Assert.StartsWith("AWS_EMF_AGENT_ENDPOINT=localhost:25888: ", bad.Message);
    }
}
