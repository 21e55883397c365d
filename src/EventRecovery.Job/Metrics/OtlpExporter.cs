using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// Exports the run's metrics with OpenTelemetry: OTLP over HTTP (protobuf) to <see cref="MetricsSettings.Otlp"/>,
/// cumulative temporality (each export carries the totals since the start of the run), resource attributes
/// <c>service.name=event-recovery</c>, <c>service.version</c>, <c>job.name</c> and <c>job.shard</c> (plus any from
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>). Headers may come from <c>OTEL_EXPORTER_OTLP_HEADERS</c>.
/// </summary>
public sealed class OtlpExporter : IMetricsExporter
{
    private const int FlushTimeoutMilliseconds = 15_000;

    private readonly JobMetrics _metrics;
    private readonly MeterProvider _provider;
    private readonly Uri _url;

    /// <summary>Starts exporting every <see cref="MetricsSettings.Interval"/>.</summary>
    public OtlpExporter(JobMetrics metrics, MetricsSettings settings, TextWriter log)
    {
        _metrics = metrics;
        _url = settings.Otlp;
        var exporter = new OtlpMetricExporter(
            new OtlpExporterOptions
            {
                Endpoint = settings.Otlp,
                Protocol = OtlpExportProtocol.HttpProtobuf,
                TimeoutMilliseconds = 10_000,
                HttpClientFactory = () =>
                    new HttpClient(new ReportingHandler(settings.Otlp, log) { InnerHandler = new SocketsHttpHandler() })
                    {
                        Timeout = TimeSpan.FromSeconds(10),
                    },
            }
        );
        var reader = new PeriodicExportingMetricReader(exporter, (int)Math.Min(int.MaxValue, settings.Interval.TotalMilliseconds))
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        };
        _provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(
                ResourceBuilder
                    .CreateDefault()
                    .AddService(MetricsSettings.ServiceName, serviceVersion: settings.Version)
                    .AddAttributes([new("job.name", settings.JobName), new("job.shard", settings.Shard)])
            )
            .AddMeter(MetricNames.Meter)
            .AddReader(reader)
            .Build();
    }

    /// <inheritdoc />
    public string Description => $"OTLP to {_url}";

    /// <inheritdoc />
    public Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        _metrics.Refresh();
        return Task.Run(() => _provider.ForceFlush(FlushTimeoutMilliseconds), cancellationToken);
    }

    /// <summary>Makes the final export and shuts the provider down.</summary>
    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        // Shutting down exports once more (the same cumulative figures): harmless, and nothing is left behind.
        await Task.Run(() => _provider.Dispose()).ConfigureAwait(false);
    }

    /// <summary>Reports failed exports on the log, once per streak of failures (the exporter itself only tells its EventSource).</summary>
    private sealed class ReportingHandler(Uri url, TextWriter log) : DelegatingHandler
    {
        private int _failing;

        // The exporter sends synchronously (HttpClient.Send) on its own thread; both paths are watched.
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = base.Send(request, cancellationToken);
                Report(response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                Report(e is OperationCanceledException ? "timed out" : e.Message);
                throw;
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                Report(response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                Report(e is OperationCanceledException ? "timed out" : e.Message);
                throw;
            }
        }

        private void Report(string? problem)
        {
            if (problem is null)
            {
                if (Interlocked.Exchange(ref _failing, 0) == 1)
                    log.WriteLine($"metrics: OTLP export to {url} works again");
            }
            else if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                log.WriteLine($"metrics: OTLP export to {url} failed ({problem}); retrying at each interval, the run goes on.");
            }
        }
    }
}
