namespace EventRecovery.Job.Metrics;

/// <summary>Which exporter the run's metrics go to.</summary>
public enum MetricsExport
{
    /// <summary>No export (the run summary still has the figures).</summary>
    None,

    /// <summary>CloudWatch Embedded Metric Format to the CloudWatch agent (UDP or TCP).</summary>
    Emf,

    /// <summary>OpenTelemetry OTLP over HTTP (protobuf).</summary>
    Otlp,
}

/// <summary>How and where to export the run's metrics, and what identifies the run in them.</summary>
public sealed record MetricsSettings
{
    /// <summary>CloudWatch namespace of EMF metrics.</summary>
    public const string CloudWatchNamespace = "snowplow/event-recovery";

    /// <summary>The OpenTelemetry <c>service.name</c>.</summary>
    public const string ServiceName = "event-recovery";

    /// <summary>The exporter.</summary>
    public MetricsExport Export { get; init; }

    /// <summary>EMF: the agent's address.</summary>
    public EmfEndpoint Emf { get; init; } = EmfEndpoint.Default;

    /// <summary>OTLP: the URL metrics are posted to (with its <c>/v1/metrics</c> path).</summary>
    public Uri Otlp { get; init; } = new("http://127.0.0.1:4318/v1/metrics");

    /// <summary>Time between exports; one more export is made at the end of the run.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The job name: EMF dimension <c>JobName</c>, OTLP resource attribute <c>job.name</c>.</summary>
    public string JobName { get; init; } = "event-recovery";

    /// <summary>The shard, <c>I/N</c> (<c>0/1</c> when not sharded): EMF dimension <c>Shard</c>, OTLP resource attribute
    /// <c>job.shard</c>.</summary>
    public string Shard { get; init; } = "0/1";

    /// <summary>The program's version (EMF property <c>Version</c>, OTLP <c>service.version</c>).</summary>
    public string? Version { get; init; }

    /// <summary>
    /// The OTLP URL for a <c>--metrics-endpoint</c> value: a base URL (no path, as <c>http://host:4318</c>) gets
    /// <c>/v1/metrics</c> appended, as OpenTelemetry does with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; a URL with a path is
    /// used as it is. Throws <see cref="FormatException"/> with the reason.
    /// </summary>
    public static Uri OtlpUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FormatException("expected an http:// or https:// URL, e.g. http://127.0.0.1:4318");
        return uri.AbsolutePath is "/" or "" ? new Uri(uri, "/v1/metrics") : uri;
    }
}
