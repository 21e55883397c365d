using System.Diagnostics;
using System.Threading.Channels;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using Amazon.Runtime;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>
/// Recovered payloads to a Kinesis stream: each record is the raw Thrift bytes, its partition key derived from them
/// (<see cref="PartitionKeys"/>). Records are gathered into PutRecords batches of up to
/// <see cref="KinesisSinkOptions.BatchSize"/> records and 5 MiB, sent by a few concurrent senders
/// (<see cref="KinesisSinkOptions.Concurrency"/>) and retried until acknowledged (<see cref="BatchSender"/>).
/// <para>
/// At most <see cref="KinesisSinkOptions.MaxBuffered"/> records are in flight (written, not yet acknowledged):
/// <see cref="WriteAsync"/> waits for room, so a slow stream holds the reader back and memory stays flat. A record is
/// durable once <see cref="FlushAsync"/> or <see cref="CompleteAsync"/> has returned. When a batch cannot be written
/// (non-retryable error, or still failing at the retry deadline) the sink fails: the next
/// <see cref="WriteAsync"/> or <see cref="FlushAsync"/> throws <see cref="OutputException"/>.
/// </para>
/// Called from a single writer, as every <see cref="IRecordSink"/>; the senders run on their own.
/// </summary>
public sealed class KinesisSink : IRecordSink
{
    private readonly KinesisSinkOptions _options;
    private readonly KinesisEndpoint _endpoint;
    private readonly AwsCredentialSource _credentials;
    private readonly AmazonKinesisClient _client;
    private readonly PooledHttpClientFactory _connections;
    private readonly BatchSender _sender;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<KinesisBatch> _batches = Channel.CreateUnbounded<KinesisBatch>(
        new UnboundedChannelOptions { SingleWriter = true }
    );
    private readonly CancellationTokenSource _stop = new();
    private Task[]? _workers;
    private KinesisBatch _pending = new();
    private long _pendingSince;
    private TaskCompletionSource _acknowledged = NewSignal();
    private OutputException? _failure;
    private bool _completed,
        _disposed;

    private KinesisSink(KinesisSinkOptions options, KinesisEndpoint endpoint)
    {
        _options = options;
        _endpoint = endpoint;
        _credentials = new AwsCredentialSource(options.Credentials);
        var config = new AmazonKinesisConfig
        {
            // One retry layer: the sink's (BatchSender), which re-sends only the records that failed. SDK retries
            // underneath would multiply its attempts and re-send whole requests.
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 0,
            HttpClientFactory = _connections = new PooledHttpClientFactory(options.Concurrency),
        };
        endpoint.Settings.ApplyTo(config, endpoint.Region);
        _client = new AmazonKinesisClient(_credentials, config);
        _slots = new SemaphoreSlim(options.MaxBuffered, options.MaxBuffered);
        _sender = new BatchSender(_client, endpoint, options, Counters, Acknowledge);
    }

    /// <summary>
    /// The sink for <c>--output kinesis://STREAM</c>: validates the options and resolves region and endpoint (flags, then
    /// the standard AWS variables). Throws <see cref="OutputException"/> for a bad value or a missing region. Nothing is
    /// sent until <see cref="CheckWritableAsync"/> or the first batch.
    /// </summary>
    public static KinesisSink Create(KinesisSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new KinesisSink(options, KinesisEndpoint.Resolve(options.Region, options.EndpointUrl, Environment.GetEnvironmentVariable));
    }

    /// <summary>Records sent, retries, throttles, requests, backpressure: for metrics and the summary.</summary>
    public KinesisSinkCounters Counters { get; } = new();

    /// <inheritdoc />
    public IInstrumented? Instruments => Counters;

    /// <summary>The stream written to.</summary>
    public string StreamName => _options.StreamName;

    /// <summary>The signing region.</summary>
    public string Region => _endpoint.Region;

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => _endpoint.Url;

    /// <inheritdoc />
    public string Description => $"{KinesisSinkOptions.UriScheme}{_options.StreamName} (region {Region}, endpoint {Endpoint})";

    private string Where => $"kinesis stream {_options.StreamName} in region {Region} (endpoint {Endpoint})";

    /// <summary>
    /// Checks that credentials resolve and that the stream exists and is ACTIVE or UPDATING (DescribeStreamSummary,
    /// with a couple of retries for transient errors).
    /// </summary>
    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCredentialsException e)
        {
            throw new OutputException($"kinesis stream {_options.StreamName}: {e.Message}", e);
        }

        StreamDescriptionSummary summary;
        try
        {
            summary = await DescribeRetry
                .ExecuteAsync(static (sink, ct) => sink.DescribeAsync(ct), this, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (KinesisException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            throw new OutputException($"kinesis stream {_options.StreamName} does not exist in region {Region} (endpoint {Endpoint})", e);
        }
        catch (KinesisException e)
        {
            throw new OutputException($"{Where} cannot be checked: {e.Describe()}", e);
        }
        var status = summary.StreamStatus?.Value;
        if (status is not ("ACTIVE" or "UPDATING"))
            throw new OutputException($"{Where} is {status}: records can be written only to an ACTIVE or UPDATING stream");
    }

    // The check gives up soon: a run that cannot reach its stream should say so before reading anything.
    private static readonly AwsRetryPipeline DescribeRetry = new(
        new AwsRetryOptions
        {
            MaxAttempts = 3,
            BaseDelay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(1),
        },
        static e => e is KinesisException { Retryable: true }
    );

    private async ValueTask<StreamDescriptionSummary> DescribeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var response = await _client
                .DescribeStreamSummaryAsync(new DescribeStreamSummaryRequest { StreamName = _options.StreamName }, timeout.Token)
                .ConfigureAwait(false);
            return response.StreamDescriptionSummary
                ?? throw new KinesisException(
                    "MalformedResponse",
                    "DescribeStreamSummary: no StreamDescriptionSummary in the response",
                    response.HttpStatusCode,
                    retryable: true,
                    throttled: false
                );
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw KinesisErrors.Timeout("DescribeStreamSummary", Endpoint, _options.RequestTimeout, e);
        }
        catch (Exception e) when (e is not (OperationCanceledException or KinesisException))
        {
            throw KinesisErrors.From("DescribeStreamSummary", Endpoint, e);
        }
    }

    /// <summary>
    /// Takes a copy of <paramref name="record"/> (raw bytes; the protocol's base64 is added on the wire). Waits while
    /// <see cref="KinesisSinkOptions.MaxBuffered"/> records are in flight. Throws <see cref="OutputException"/> once the
    /// sink has failed, or for a record over 1 MiB with its key (such rows belong to the failed output; this is a guard).
    /// </summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        ThrowIfUnusable();
        if (record.Length + PartitionKeys.Length > KinesisLimits.MaxRecordBytes)
            throw new OutputException(
                $"{Where}: a record of {record.Length} bytes is over the Kinesis limit of {KinesisLimits.MaxRecordBytes} bytes "
                    + $"with its {PartitionKeys.Length}-byte partition key; payloads over {KinesisLimits.MaxPayloadBytes} bytes must go to the failed output"
            );
        if (_slots.Wait(0))
        {
            Add(record);
            return ValueTask.CompletedTask;
        }
        return WaitThenAddAsync(record, cancellationToken);
    }

    private async ValueTask WaitThenAddAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        Dispatch(); // records still gathering must go out, or their slots never come back
        Counters.BackpressureWait();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        try
        {
            await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ThrowIfUnusable();
            throw;
        }
        Add(record);
    }

    private void Add(ReadOnlyMemory<byte> payload)
    {
        Counters.Accepted();
        if (_pending.Count > 0 && _pending.Size + payload.Length + PartitionKeys.Length > KinesisLimits.MaxRequestBytes)
            Dispatch();
        if (_pending.Count == 0)
            _pendingSince = Stopwatch.GetTimestamp();
        _pending.Add(payload.Span);
        if (_pending.Count >= _options.BatchSize || Stopwatch.GetElapsedTime(_pendingSince) >= _options.MaxBatchDelay)
            Dispatch();
    }

    /// <summary>Hands the gathered records to the senders.</summary>
    private void Dispatch()
    {
        if (_pending.Count == 0)
            return;
        _workers ??= Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(SendLoopAsync)).ToArray();
        _batches.Writer.TryWrite(_pending);
        _pending = new KinesisBatch();
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await _sender.SendAsync(batch.Records, _stop.Token).ConfigureAwait(false);
                batch.Release(); // stored: nothing reads its records again
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed, or another sender failed
        }
        catch (Exception e)
        {
            Fail(e as OutputException ?? new OutputException($"{Where}: unexpected error: {e.GetType().Name}: {e.Message}", e));
        }
    }

    /// <summary>From a sender: these records are stored.</summary>
    private void Acknowledge(int records, long bytes)
    {
        if (records == 0)
            return;
        Counters.Acknowledged(records, bytes); // before the slots are released: in flight never reads above MaxBuffered
        _slots.Release(records);
        Signal();
    }

    private void Fail(OutputException error)
    {
        Interlocked.CompareExchange(ref _failure, error, null);
        _stop.Cancel();
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _acknowledged, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void ThrowIfUnusable()
    {
        if (Volatile.Read(ref _failure) is { } failure)
            throw new OutputException(failure.Message, failure);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException($"{Description} is already complete");
    }

    /// <summary>Sends what is gathered and returns once Kinesis has acknowledged every record written so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnusable();
        Dispatch();
        while (true)
        {
            var acknowledged = Volatile.Read(ref _acknowledged).Task; // taken before the check: no wake-up is missed
            if (Volatile.Read(ref _failure) is { } failure)
                throw new OutputException(failure.Message, failure);
            if (Counters.InFlight == 0)
                return;
            await acknowledged.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes, then stops the senders; no more writes.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
        _batches.Writer.TryComplete();
        if (_workers is not null)
            await Task.WhenAll(_workers).ConfigureAwait(false);
    }

    /// <summary>Stops the senders at once; records not yet acknowledged are abandoned (the run did not flush them).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        _stop.Cancel();
        _batches.Writer.TryComplete();
        if (_workers is not null)
            await Task.WhenAll(_workers).ConfigureAwait(false);
        _client.Dispose();
        _connections.Dispose();
    }
}
