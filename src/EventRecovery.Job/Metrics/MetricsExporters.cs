namespace EventRecovery.Job.Metrics;

/// <summary>Starts the exporter chosen by <see cref="MetricsSettings.Export"/>.</summary>
public static class MetricsExporters
{
    /// <summary>The started exporter, or null for <see cref="MetricsExport.None"/>.</summary>
    public static IMetricsExporter? Start(MetricsSettings settings, JobMetrics metrics, TextWriter log) =>
        settings.Export switch
        {
            MetricsExport.Emf => new EmfExporter(metrics, settings, log),
            MetricsExport.Otlp => new OtlpExporter(metrics, settings, log),
            _ => null,
        };
}
