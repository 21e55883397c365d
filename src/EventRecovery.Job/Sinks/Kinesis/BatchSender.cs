using System.Diagnostics;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>
/// Drives one batch until Kinesis has acknowledged every record: after a partial failure only the failed records are
/// sent again; whole-request failures (throttling, 5xx, timeouts, broken connections) re-send what remains. Attempts
/// go through the AWS retry pipeline (<see cref="AwsRetryPipeline"/>: exponential backoff with jitter, until the
/// retry deadline). A non-retryable error, or failures past the deadline, end it with an <see cref="OutputException"/>:
/// records are never dropped quietly.
/// </summary>
internal sealed class BatchSender
{
    private readonly IAmazonKinesis _client;
    private readonly KinesisEndpoint _endpoint;
    private readonly KinesisSinkOptions _options;
    private readonly KinesisSinkCounters _counters;
    private readonly Action<int, long> _acknowledged;
    private readonly AwsRetryPipeline _retry;

    /// <summary><paramref name="acknowledged"/> is called with the records and payload bytes Kinesis took, after each attempt.</summary>
    public BatchSender(
        IAmazonKinesis client,
        KinesisEndpoint endpoint,
        KinesisSinkOptions options,
        KinesisSinkCounters counters,
        Action<int, long> acknowledged
    )
    {
        _client = client;
        _endpoint = endpoint;
        _options = options;
        _counters = counters;
        _acknowledged = acknowledged;
        // Retries are counted by the attempt itself, with the records it re-sends.
        _retry = new AwsRetryPipeline(options.RetryOptions, static e => e is KinesisException { Retryable: true });
    }

    /// <summary>What one batch still has to send, across attempts.</summary>
    private sealed class BatchState(BatchSender sender, List<KinesisRecord> records)
    {
        public readonly BatchSender Sender = sender;
        public readonly long Started = Stopwatch.GetTimestamp();
        public List<KinesisRecord> Remaining = records;
        public int Attempts;
    }

    /// <summary>Returns once every record of <paramref name="batch"/> is stored; throws <see cref="OutputException"/> if that cannot
    /// happen.</summary>
    public async Task SendAsync(List<KinesisRecord> batch, CancellationToken cancellationToken)
    {
        var state = new BatchState(this, batch);
        try
        {
            await _retry.ExecuteAsync(static (s, ct) => s.Sender.AttemptAsync(s, ct), state, cancellationToken).ConfigureAwait(false);
        }
        catch (KinesisException e)
        {
            throw Final(state, e);
        }
    }

    private async ValueTask<bool> AttemptAsync(BatchState state, CancellationToken cancellationToken)
    {
        var records = state.Remaining;
        if (state.Attempts++ > 0)
            _counters.Retry(records.Count);
        _counters.Request();
        PutRecordsResponse response;
        try
        {
            response = await PutRecordsAsync(records, cancellationToken).ConfigureAwait(false);
        }
        catch (KinesisException e)
        {
            _counters.RequestFailed();
            if (e.Throttled)
                _counters.Throttled(records.Count);
            throw;
        }

        // Results are in request order, one per record: each has a sequence number (stored) or an error code.
        if (response.Records?.Count != records.Count)
            throw Malformed($"expected {records.Count} record results, got {response.Records?.Count ?? 0}");
        List<KinesisRecord>? failed = null;
        var throttled = 0;
        PutRecordsResultEntry? first = null;
        for (var i = 0; i < records.Count; i++)
        {
            var result = response.Records[i];
            if (string.IsNullOrEmpty(result.ErrorCode))
            {
                if (string.IsNullOrEmpty(result.SequenceNumber))
                    throw Malformed($"record result {i} has neither SequenceNumber nor ErrorCode");
                continue;
            }
            first ??= result;
            (failed ??= []).Add(records[i]);
            if (KinesisErrors.IsThrottling(result.ErrorCode))
                throttled++;
        }
        if (failed is null)
        {
            _acknowledged(records.Count, PayloadBytes(records));
            state.Remaining = [];
            return true;
        }

        _counters.Throttled(throttled);
        _acknowledged(records.Count - failed.Count, PayloadBytes(records) - PayloadBytes(failed));
        state.Remaining = failed;

        // Per-record errors (throughput exceeded, internal failure, any other code) are all worth another try.
        throw new KinesisException(
            first!.ErrorCode,
            $"PutRecords: {failed.Count} of {records.Count} records failed, e.g. {first.ErrorCode}: {first.ErrorMessage}",
            statusCode: null,
            retryable: true,
            throttled: throttled > 0
        );
    }

    /// <summary>An answer that does not account for every record tells nothing about any of them: all are sent again.</summary>
    private KinesisException Malformed(string detail)
    {
        _counters.RequestFailed();
        return new KinesisException(
            "MalformedResponse",
            $"PutRecords: unreadable response ({detail})",
            null,
            retryable: true,
            throttled: false
        );
    }

    /// <summary>One PutRecords call, bounded by the request timeout; every failure as a <see cref="KinesisException"/>.</summary>
    private async Task<PutRecordsResponse> PutRecordsAsync(List<KinesisRecord> records, CancellationToken cancellationToken)
    {
        var entries = new List<PutRecordsRequestEntry>(records.Count);
        foreach (var record in records)
            entries.Add(
                new PutRecordsRequestEntry
                {
                    Data = new MemoryStream(
                        record.Data.Array!,
                        record.Data.Offset,
                        record.Data.Count,
                        writable: false,
                        publiclyVisible: true
                    ),
                    PartitionKey = record.PartitionKey,
                }
            );
        var request = new PutRecordsRequest { StreamName = _options.StreamName, Records = entries };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return await _client.PutRecordsAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw KinesisErrors.Timeout("PutRecords", _endpoint.Url, _options.RequestTimeout, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw KinesisErrors.From("PutRecords", _endpoint.Url, e);
        }
    }

    /// <summary>The error that ends the batch.</summary>
    private OutputException Final(BatchState state, KinesisException error)
    {
        var where = $"kinesis stream {_options.StreamName} in region {_endpoint.Region} (endpoint {_endpoint.Url})";
        if (!error.Retryable)
            return new OutputException($"{where}: {error.Describe()}; {state.Remaining.Count} records not written", error);
        var elapsed = Stopwatch.GetElapsedTime(state.Started);
        return new OutputException(
            $"{where}: {state.Remaining.Count} records still not accepted after {state.Attempts} attempts over "
                + $"{elapsed.TotalSeconds:0.#} s (retry deadline {_options.RetryDeadline.TotalSeconds:0.#} s); last error: {error.Describe()}",
            error
        );
    }

    private static long PayloadBytes(List<KinesisRecord> records)
    {
        var total = 0L;
        foreach (var record in records)
            total += record.Data.Count;
        return total;
    }
}
