using System.Net.Sockets;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// Sends the run's metrics to the CloudWatch agent as EMF documents: namespace
/// <see cref="MetricsSettings.CloudWatchNamespace"/>, dimensions <c>JobName</c> and <c>Shard</c>, cumulative values.
/// </summary>
public sealed class EmfExporter : IMetricsExporter
{
    private static readonly TimeSpan FinalSendTimeout = TimeSpan.FromSeconds(10);

    private readonly MetricsCollector _collector;
    private readonly EmfTransport _transport;
    private readonly KeyValuePair<string, string>[] _dimensions;
    private readonly KeyValuePair<string, string>[] _properties;
    private readonly TextWriter _log;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private bool _failing;

    /// <summary>Starts exporting every <see cref="MetricsSettings.Interval"/>.</summary>
    public EmfExporter(JobMetrics metrics, MetricsSettings settings, TextWriter log)
    {
        _collector = new MetricsCollector(metrics);
        _transport = new EmfTransport(settings.Emf);
        _dimensions = [new("JobName", settings.JobName), new("Shard", settings.Shard)];
        _properties = settings.Version is { } version ? [new("Version", version)] : [];
        _log = log;
        _timer = new PeriodicTimer(settings.Interval);
        _loop = Task.Run(LoopAsync);
    }

    /// <inheritdoc />
    public string Description => $"CloudWatch EMF to {_transport.Endpoint}";

    private async Task LoopAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                await FlushAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            _log.WriteLine($"metrics: periodic export to {_transport.Endpoint} stopped: {e.Message}");
        }
    }

    /// <inheritdoc />
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = EmfEncoder.Encode(
                MetricsSettings.CloudWatchNamespace,
                _dimensions,
                _properties,
                _collector.Collect(),
                DateTimeOffset.UtcNow
            );
            await _transport.SendAsync(document, cancellationToken).ConfigureAwait(false);
            if (_failing)
                _log.WriteLine($"metrics: sending to {_transport.Endpoint} again");
            _failing = false;
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (!_failing)
                _log.WriteLine(
                    $"metrics: cannot send EMF to {_transport.Endpoint} ({e.Message}); is the CloudWatch agent running with an emf listener? Retrying at each interval; the run goes on."
                );
            _failing = true;
            return false;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Stops the timer, makes the final export and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _timer.Dispose();
        await _loop.ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(FinalSendTimeout))
        {
            try
            {
                if (!await FlushAsync(timeout.Token).ConfigureAwait(false))
                    _log.WriteLine($"metrics: the final figures could not be sent to {_transport.Endpoint}");
            }
            catch (OperationCanceledException)
            {
                _log.WriteLine(
                    $"metrics: the final figures could not be sent to {_transport.Endpoint} within {FinalSendTimeout.TotalSeconds:0} s"
                );
            }
        }
        await _transport.DisposeAsync().ConfigureAwait(false);
        _collector.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }
}
