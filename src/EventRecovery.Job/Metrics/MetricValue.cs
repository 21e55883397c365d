namespace EventRecovery.Job.Metrics;

/// <summary>One metric's cumulative value at a collection, with its OpenTelemetry unit (<c>By</c> for bytes, else a count).</summary>
public readonly record struct MetricValue(string Name, string? Unit, long Value)
{
    /// <summary>Whether the value counts bytes.</summary>
    public bool IsBytes => Unit == MetricNames.BytesUnit;
}
