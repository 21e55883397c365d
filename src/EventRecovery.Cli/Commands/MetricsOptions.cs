using System.CommandLine;
using System.Globalization;
using EventRecovery.Cli.Arguments;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Cli.Commands;

/// <summary>The metrics flags of <c>event-recovery run</c>.</summary>
internal sealed class MetricsOptions
{
    /// <summary>Variables giving the default endpoint, as the EMF libraries and OpenTelemetry SDKs read them.</summary>
    public const string EmfEndpointVariable = "AWS_EMF_AGENT_ENDPOINT",
        OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public readonly Option<string> Metrics = new Option<string>("--metrics")
    {
        Description =
            "Export metrics while running and once at the end: 'emf' (CloudWatch Embedded Metric Format to the CloudWatch agent, namespace snowplow/event-recovery, dimensions JobName and Shard), 'otlp' (OpenTelemetry, OTLP over HTTP) or 'none'. Values are cumulative since the start of the run.",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong("none", "emf", "otlp");

    public readonly Option<string?> Endpoint = new("--metrics-endpoint")
    {
        Description =
            $"emf: udp://HOST:PORT or tcp://HOST:PORT of the CloudWatch agent (default {EmfEndpointVariable}, else udp://127.0.0.1:25888). otlp: the collector's URL, http://HOST:4318 (/v1/metrics is added when there is no path; default {OtlpEndpointVariable}, else http://127.0.0.1:4318).",
    };

    public readonly Option<int> IntervalSeconds = new("--metrics-interval")
    {
        Description = "Seconds between metric exports (one more is made at the end of the run).",
        DefaultValueFactory = _ => 10,
    };

    public readonly Option<string> JobName = new("--job-name")
    {
        Description = "Name of the job in the metrics: EMF dimension JobName, OTLP resource attribute job.name.",
        DefaultValueFactory = _ => "event-recovery",
    };

    public IEnumerable<Option> All() => [Metrics, Endpoint, IntervalSeconds, JobName];

    /// <summary>The settings of a parsed command line; throws <see cref="UsageException"/> on a bad value.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="shard">The run's shard, or null when not sharded.</param>
    /// <param name="version">The program's version, a resource attribute of the metrics.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    public MetricsSettings Resolve(ParseResult parse, (int Index, int Count)? shard, string version, Func<string, string?> environment)
    {
        var export = parse.GetValue(Metrics) switch
        {
            "emf" => MetricsExport.Emf,
            "otlp" => MetricsExport.Otlp,
            _ => MetricsExport.None,
        };
        var endpoint = parse.GetValue(Endpoint);
        if (export == MetricsExport.None)
        {
            if (endpoint is not null)
                throw new UsageException("--metrics-endpoint needs --metrics emf or --metrics otlp");
            return new MetricsSettings { Export = MetricsExport.None };
        }
        var interval = parse.GetValue(IntervalSeconds);
        if (interval < 1)
            throw new UsageException($"--metrics-interval {interval}: must be at least 1 second");
        var jobName = parse.GetValue(JobName)!;
        if (jobName.Length is 0 or > 255 || jobName.Any(char.IsControl))
            throw new UsageException($"--job-name '{jobName}': must be 1 to 255 characters, without control characters");

        var settings = new MetricsSettings
        {
            Export = export,
            Interval = TimeSpan.FromSeconds(interval),
            JobName = jobName,
            Shard = shard is { } s
                ? $"{s.Index.ToString(CultureInfo.InvariantCulture)}/{s.Count.ToString(CultureInfo.InvariantCulture)}"
                : "0/1",
            Version = version,
        };
        var fromEnvironment = endpoint is null;
        endpoint ??= environment(export == MetricsExport.Emf ? EmfEndpointVariable : OtlpEndpointVariable);
        if (string.IsNullOrEmpty(endpoint))
            return settings;
        var source = fromEnvironment
            ? (export == MetricsExport.Emf ? EmfEndpointVariable : OtlpEndpointVariable) + "=" + endpoint
            : "--metrics-endpoint " + endpoint;
        try
        {
            return export == MetricsExport.Emf
                ? settings with
                {
                    Emf = EmfEndpoint.Parse(endpoint),
                }
                : settings with
                {
                    Otlp = MetricsSettings.OtlpUrl(endpoint),
                };
        }
        catch (FormatException e)
        {
            throw new UsageException($"{source}: {e.Message}");
        }
    }
}
