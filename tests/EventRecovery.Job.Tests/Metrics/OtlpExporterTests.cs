using EventRecovery.Job.Metrics;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Sinks.Kinesis;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Metrics;

/// <summary>OTLP/HTTP exports received by a loopback collector stand-in and decoded from protobuf.</summary>
[Collection("metrics")]
public class OtlpExporterTests
{
    [Fact]
    public async Task Exports_are_protobuf_posts_to_v1_metrics_with_the_resource_and_cumulative_counters_that_balance()
    {
        using var collector = new OtlpReceiver();
        var counters = new RunCounters();
        var kinesis = new KinesisSinkCounters();
        using var metrics = new JobMetrics(counters, kinesis, "9.8.7");
        var log = new StringWriter();
        var settings = new MetricsSettings
        {
            Export = MetricsExport.Otlp,
            Otlp = MetricsSettings.OtlpUrl(collector.BaseUrl),
            Interval = TimeSpan.FromMilliseconds(300),
            JobName = "nightly-recovery",
            Shard = "1/4",
            Version = "9.8.7",
        };
        var exporter = MetricsExporters.Start(settings, metrics, TextWriter.Synchronized(log))!;

        MetricsTestData.Count(counters, recovered: 4, failed: 1, unrecoverable: 1, bytes: 2048);
        var periodic = MetricsTestData.TakeUntil(collector.Received, e => e.Metrics.TryGetValue("numRecordsIn", out var m) && m.Value == 6);
        MetricsTestData.Count(counters, recovered: 5, failed: 5, unrecoverable: 0, bytes: 1024);
        kinesis.Accepted();
        kinesis.Request();
        kinesis.Throttled(2);
        kinesis.Retry(2);
        kinesis.Acknowledged(9, 900);
        await exporter.DisposeAsync();
        var rest = MetricsTestData.TakeUntil(collector.Received, e => e.Metrics.TryGetValue("numRecordsIn", out var m) && m.Value == 16);

        foreach (var export in periodic.Concat(rest))
        {
            Assert.Equal("/v1/metrics", export.Path);
            Assert.Equal("application/x-protobuf", export.ContentType);
            Assert.Equal("event-recovery", export.Resource["service.name"]);
            Assert.Equal("9.8.7", export.Resource["service.version"]);
            Assert.Equal("nightly-recovery", export.Resource["job.name"]);
            Assert.Equal("1/4", export.Resource["job.shard"]);
            if (!export.Metrics.ContainsKey("numRecordsIn"))
                continue;
            foreach (var (name, sum) in export.Metrics)
            {
                Assert.True(sum.Temporality == 2, $"{name}: cumulative temporality");
                Assert.True(sum.Monotonic, $"{name}: a monotonic sum (counter)");
            }
            var m = export.Metrics;
            Assert.Equal(m["numRecordsIn"].Value, m["events_recovered"].Value + m["events_failed"].Value + m["events_unrecoverable"].Value);
        }
        var final = rest[^1].Metrics;
        Assert.Equal(9, final["events_recovered"].Value);
        Assert.Equal(6, final["events_failed"].Value);
        Assert.Equal(1, final["events_unrecoverable"].Value);
        Assert.Equal(3072, final["input_bytes"].Value);
        Assert.Equal("By", final["input_bytes"].Unit);
        Assert.Equal(9, final["kinesis_records_sent"].Value);
        Assert.Equal(2, final["kinesis_throttles"].Value);
        Assert.Equal(1, final["kinesis_retries"].Value);
        Assert.True(final["numRecordsIn"].StartNanos > 0 && final["numRecordsIn"].StartNanos <= final["numRecordsIn"].TimeNanos);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public async Task A_collector_that_answers_errors_is_reported_and_the_run_goes_on()
    {
        var port = Loopback.FreePort(); // nothing listens there
        var counters = new RunCounters();
        using var metrics = new JobMetrics(counters);
        var log = new StringWriter();
        var exporter = MetricsExporters.Start(
            new MetricsSettings
            {
                Export = MetricsExport.Otlp,
                Otlp = MetricsSettings.OtlpUrl($"http://127.0.0.1:{port}"),
                Interval = TimeSpan.FromMilliseconds(200),
            },
            metrics,
            TextWriter.Synchronized(log)
        )!;
        MetricsTestData.Count(counters, 1, 0, 0);
        Assert.False(await exporter.FlushAsync(CancellationToken.None));
        await exporter.DisposeAsync();
        var text = log.ToString();
        Assert.Contains($"metrics: OTLP export to http://127.0.0.1:{port}/v1/metrics failed", text);
        Assert.Equal(1, text.Split("failed (").Length - 1);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/metrics")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/metrics")]
    [InlineData("https://otlp.example.com/custom/metrics", "https://otlp.example.com/custom/metrics")]
    public void Otlp_urls_get_the_metrics_path_when_they_have_none(string text, string url) =>
        Assert.Equal(new Uri(url), MetricsSettings.OtlpUrl(text));

    [Theory]
    [InlineData("udp://127.0.0.1:4318")]
    [InlineData("collector:4318")]
    public void Bad_otlp_urls_say_why(string text) =>
        Assert.Contains("expected an http:// or https:// URL", Assert.Throws<FormatException>(() => MetricsSettings.OtlpUrl(text)).Message);
}
