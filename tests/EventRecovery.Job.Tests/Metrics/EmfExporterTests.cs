using EventRecovery.Job.Metrics;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Sinks.Files;
using EventRecovery.Job.Sinks.Kinesis;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Metrics;

/// <summary>CloudWatch EMF documents sent to a loopback stand-in of the CloudWatch agent, checked against the EMF specification.</summary>
[Collection("metrics")]
public class EmfExporterTests
{
    private static readonly string[] SeedCounters = ["numRecordsIn", "events_recovered", "events_failed", "events_unrecoverable"];

    private static MetricsSettings Settings(EmfEndpoint endpoint) =>
        new()
        {
            Export = MetricsExport.Emf,
            Emf = endpoint,
            Interval = TimeSpan.FromMilliseconds(200),
            JobName = "nightly-recovery",
            Shard = "2/5",
            Version = "9.8.7",
        };

    [Fact]
    public async Task Over_udp_every_document_is_valid_emf_and_the_final_one_balances_with_the_run()
    {
        using var agent = new UdpReceiver();
        var counters = new RunCounters();
        using var metrics = new JobMetrics(counters, version: "9.8.7");
        var log = new StringWriter();
        var exporter = MetricsExporters.Start(
            Settings(new EmfEndpoint(false, "127.0.0.1", agent.Port)),
            metrics,
            TextWriter.Synchronized(log)
        )!;

        MetricsTestData.Count(counters, recovered: 3, failed: 2, unrecoverable: 1, bytes: 1000);
        var periodic = MetricsTestData.TakeUntil(agent.Received, line => EmfSpec.Validate(line).Metrics["numRecordsIn"].Value == 6);
        MetricsTestData.Count(counters, recovered: 10, failed: 0, unrecoverable: 4, bytes: 500);
        var dir = Directory.CreateTempSubdirectory("emf-parts-");
        try
        {
            await using (var parts = new PartFileSink(dir.FullName, "run"))
            {
                await parts.WriteAsync("line"u8.ToArray(), CancellationToken.None);
                await parts.CompleteAsync(CancellationToken.None);
            }
            await exporter.DisposeAsync();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        // Up to the final document: on a loaded machine a periodic one may already count every record but not yet
        // the part completed after them.
        var rest = MetricsTestData.TakeUntil(agent.Received, line =>
            EmfSpec.Validate(line).Metrics is var m && m["numRecordsIn"].Value == 20 && m["parts_written"].Value >= 1
        );

        var documents = periodic.Concat(rest).Select(EmfSpec.Validate).ToList();
        Assert.True(documents.Count >= 2, "a periodic document and the final one");
        long previous = 0;
        foreach (var document in documents)
        {
            Assert.Equal("snowplow/event-recovery", document.Namespace);
            Assert.Equal(["JobName", "Shard"], Assert.Single(document.DimensionSets));
            Assert.Equal("nightly-recovery", document.Dimensions["JobName"]);
            Assert.Equal("2/5", document.Dimensions["Shard"]);
            foreach (var name in SeedCounters)
                Assert.Equal("Count", document.Metrics[name].Unit);
            Assert.Equal("Bytes", document.Metrics["input_bytes"].Unit);
            Assert.Equal(
                document.Metrics["numRecordsIn"].Value,
                document.Metrics["events_recovered"].Value
                    + document.Metrics["events_failed"].Value
                    + document.Metrics["events_unrecoverable"].Value
            );
            Assert.DoesNotContain(document.Metrics.Keys, k => k.StartsWith("kinesis_", StringComparison.Ordinal)); // no Kinesis output in this run
            Assert.True(document.Timestamp >= previous, "timestamps go forward");
            previous = document.Timestamp;
        }
        var final = documents[^1];
        Assert.Equal(counters.RecordsIn, final.Metrics["numRecordsIn"].Value);
        Assert.Equal(13, final.Metrics["events_recovered"].Value);
        Assert.Equal(2, final.Metrics["events_failed"].Value);
        Assert.Equal(5, final.Metrics["events_unrecoverable"].Value);
        Assert.Equal(1500, final.Metrics["input_bytes"].Value);
        Assert.True(final.Metrics["parts_written"].Value >= 1);
        Assert.Contains("\"Version\":\"9.8.7\"", rest[^1]);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public async Task Over_tcp_documents_are_lines_on_one_connection_with_the_kinesis_counters()
    {
        using var agent = new TcpReceiver();
        var counters = new RunCounters();
        var kinesis = new KinesisSinkCounters();
        using var metrics = new JobMetrics(counters, kinesis);
        var log = new StringWriter();
        var exporter = MetricsExporters.Start(
            Settings(EmfEndpoint.Parse($"tcp://127.0.0.1:{agent.Port}")),
            metrics,
            TextWriter.Synchronized(log)
        )!;

        MetricsTestData.Count(counters, recovered: 7, failed: 1, unrecoverable: 0);
        for (var i = 0; i < 7; i++)
            kinesis.Accepted();
        kinesis.Request();
        kinesis.Request();
        kinesis.RequestFailed();
        kinesis.Retry(3);
        kinesis.Throttled(3);
        kinesis.Acknowledged(7, 700);
        MetricsTestData.TakeUntil(agent.Received, line => EmfSpec.Validate(line).Metrics["kinesis_records_sent"].Value == 7);
        await exporter.DisposeAsync();
        agent.WaitForClose();
        var final = EmfSpec.Validate(agent.Received.ToList()[^1]);

        Assert.Equal(8, final.Metrics["numRecordsIn"].Value);
        Assert.Equal(7, final.Metrics["kinesis_records_sent"].Value);
        Assert.Equal(700, final.Metrics["kinesis_bytes_sent"].Value);
        Assert.Equal("Bytes", final.Metrics["kinesis_bytes_sent"].Unit);
        Assert.Equal(2, final.Metrics["kinesis_requests"].Value);
        Assert.Equal(1, final.Metrics["kinesis_retries"].Value);
        Assert.Equal(3, final.Metrics["kinesis_throttles"].Value);
        Assert.Equal(1, final.Metrics["kinesis_failed_requests"].Value);
        Assert.Equal(1, agent.Connections);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public async Task An_agent_that_is_not_listening_is_reported_once_and_does_not_stop_the_run()
    {
        var port = Loopback.FreePort(); // nothing listens there
        var counters = new RunCounters();
        using var metrics = new JobMetrics(counters);
        var log = new StringWriter();
        var exporter = MetricsExporters.Start(Settings(new EmfEndpoint(true, "127.0.0.1", port)), metrics, TextWriter.Synchronized(log))!;

        MetricsTestData.Count(counters, 1, 1, 1);
        await Task.Delay(1000); // several intervals, each failing
        Assert.False(await exporter.FlushAsync(CancellationToken.None));
        await exporter.DisposeAsync();

        var text = log.ToString();
        Assert.Equal(1, text.Split($"cannot send EMF to tcp://127.0.0.1:{port}").Length - 1);
        Assert.Contains("the run goes on", text);
        Assert.Contains($"metrics: the final figures could not be sent to tcp://127.0.0.1:{port}", text);
    }

    [Fact]
    public async Task Collections_balance_while_a_writer_counts()
    {
        var counters = new RunCounters();
        using var metrics = new JobMetrics(counters);
        using var collector = new MetricsCollector(metrics);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
                MetricsTestData.Count(counters, 1, 1, 1);
        });
        long last = 0;
        for (var i = 0; i < 2000; i++)
        {
            var values = collector.Collect().ToDictionary(v => v.Name, v => v.Value);
            Assert.Equal(values["numRecordsIn"], values["events_recovered"] + values["events_failed"] + values["events_unrecoverable"]);
            Assert.True(values["numRecordsIn"] >= last, "counters never go down");
            last = values["numRecordsIn"];
        }
        stop.Cancel();
        await writer;
        var final = collector.Collect().ToDictionary(v => v.Name, v => v.Value);
        Assert.Equal(counters.RecordsIn, final["numRecordsIn"]);
        Assert.True(last > 0);
    }

    [Fact]
    public void Part_files_and_s3_retries_counted_inside_the_outputs_are_collected_from_the_start_of_the_run()
    {
        using var metrics = new JobMetrics(new RunCounters());
        using var collector = new MetricsCollector(metrics);
        var before = collector.Collect().ToDictionary(v => v.Name, v => v.Value);
        Assert.True(before.ContainsKey("parts_written") && before.ContainsKey("s3_retries"), "listed before anything happened");
        new EventRecovery.Job.Aws.RetryCounter().Increment();
        JobInstruments.PartsWritten.Add(2);
        var after = collector.Collect().ToDictionary(v => v.Name, v => v.Value);
        // Other tests of this process (S3 faults) may add to the process-wide instruments meanwhile: at least ours.
        Assert.True(after["s3_retries"] >= before["s3_retries"] + 1);
        Assert.True(after["parts_written"] >= before["parts_written"] + 2);
    }

    [Theory]
    [InlineData("udp://127.0.0.1:25888", false, "127.0.0.1", 25888)]
    [InlineData("tcp://cloudwatch-agent.amazon-cloudwatch:25888", true, "cloudwatch-agent.amazon-cloudwatch", 25888)]
    [InlineData("tcp://[::1]:9999", true, "::1", 9999)]
    public void Endpoints_parse(string text, bool tcp, string host, int port)
    {
        var endpoint = EmfEndpoint.Parse(text);
        Assert.Equal(new EmfEndpoint(tcp, host, port), endpoint);
        Assert.Equal(text, endpoint.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:25888", "expected udp://host:port or tcp://host:port")]
    [InlineData("http://127.0.0.1:25888", "expected udp://host:port or tcp://host:port")]
    [InlineData("udp://127.0.0.1", "the port is missing")]
    [InlineData("tcp://127.0.0.1:25888/x", "expected no path")]
    public void Bad_endpoints_say_why(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => EmfEndpoint.Parse(text)).Message);
}
