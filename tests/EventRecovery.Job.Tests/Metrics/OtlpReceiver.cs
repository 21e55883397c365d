using System.Collections.Concurrent;
using System.Net;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Metrics;

/// <summary>One decoded OTLP metrics export: resource attributes, and per metric its points (cumulative sums).</summary>
internal sealed record OtlpExport(
    string Path,
    string ContentType,
    IReadOnlyDictionary<string, string> Resource,
    IReadOnlyDictionary<string, OtlpSum> Metrics
);

/// <summary>A Sum metric: unit, temporality (2 = cumulative), monotonic flag, and its single data point.</summary>
internal sealed record OtlpSum(string Unit, int Temporality, bool Monotonic, long Value, ulong StartNanos, ulong TimeNanos);

/// <summary>
/// An OpenTelemetry collector stand-in on a loopback port: receives POST /v1/metrics (protobuf
/// ExportMetricsServiceRequest), decodes it with <see cref="ProtoMessage"/> and answers 200.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        // HttpListener needs a port up front: take a free one from the system, then listen on it.
        for (var attempt = 0; ; attempt++)
        {
            Port = Loopback.FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public BlockingCollection<OtlpExport> Received { get; } = [];

    private async Task LoopAsync()
    {
        try
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var export = Decode(context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
                Received.Add(export);
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { }
    }

    /// <summary>Decodes opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.</summary>
    public static OtlpExport Decode(string path, string contentType, byte[] body)
    {
        var resource = new Dictionary<string, string>();
        var metrics = new Dictionary<string, OtlpSum>();
        foreach (var resourceMetrics in new ProtoMessage(body).All(1).Select(f => f.Message))
        {
            if (resourceMetrics.First(1) is { } res)
                foreach (var kv in res.Message.All(1).Select(f => f.Message))
                    resource[kv.First(1)!.Value.String] = AnyValue(kv.First(2)!.Value.Message);
            foreach (var scope in resourceMetrics.All(2).Select(f => f.Message))
            foreach (var metric in scope.All(2).Select(f => f.Message))
            {
                var name = metric.First(1)!.Value.String;
                var unit = metric.First(3)?.String ?? "";
                var sum = metric.First(7);
                Assert.True(sum is not null, $"metric {name} is not a Sum");
                var points = sum!.Value.Message.All(1).Select(f => f.Message).ToList();
                if (points.Count == 0)
                    continue; // a counter nothing was added to yet
                var point = Assert.Single(points);
                var value = point.First(6) is { } asInt ? asInt.Int64 : (long)point.First(4)!.Value.Double;
                metrics[name] = new OtlpSum(
                    unit,
                    (int)(sum.Value.Message.First(2)?.Scalar ?? 0),
                    (sum.Value.Message.First(3)?.Scalar ?? 0) == 1,
                    value,
                    point.First(2)?.Scalar ?? 0,
                    point.First(3)?.Scalar ?? 0
                );
            }
        }
        return new OtlpExport(path, contentType, resource, metrics);
    }

    private static string AnyValue(ProtoMessage value)
    {
        var field = value.Fields().First();
        return field.Number switch
        {
            1 => field.String,
            2 => (field.Scalar != 0).ToString(),
            3 => field.Int64.ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => field.Double.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => $"(field {field.Number})",
        };
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
