using System.Buffers;
using System.Diagnostics;
using Polly;
using Polly.Retry;

namespace EventRecovery.Job.Outputs.Kinesis;

/// <summary>
/// Drives one batch until Kinesis has acknowledged every record: after a partial failure only the failed records are
/// sent again; whole-request failures (throttling, 5xx, timeouts, broken connections) re-send what remains. Attempts
/// are spaced by exponential backoff with jitter (Polly). A non-retryable error, or failures for longer than the
/// deadline, end it with an <see cref="OutputException"/>: records are never dropped quietly.
/// </summary>
internal sealed class BatchSender
{
    private readonly KinesisClient _client;
    private readonly KinesisSinkOptions _options;
    private readonly KinesisSinkCounters _counters;
    private readonly Action<int, long> _acknowledged;
    private readonly ResiliencePipeline _retry;

    /// <summary><paramref name="acknowledged"/> is called with the records and payload bytes Kinesis took, after each attempt.</summary>
    public BatchSender(KinesisClient client, KinesisSinkOptions options, KinesisSinkCounters counters, Action<int, long> acknowledged)
    {
        _client = client;
        _options = options;
        _counters = counters;
        _acknowledged = acknowledged;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // The attempt itself turns a failure past the deadline into a (non-handled) OutputException.
                ShouldHandle = new PredicateBuilder().Handle<KinesisException>(e => e.Retryable),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
            })
            .Build();
    }

    /// <summary>What one batch still has to send, across attempts.</summary>
    private sealed class BatchState(BatchSender sender, List<KinesisRecord> records, ArrayBufferWriter<byte> scratch)
    {
        public readonly BatchSender Sender = sender;
        public readonly ArrayBufferWriter<byte> Scratch = scratch;
        public readonly long Started = Stopwatch.GetTimestamp();
        public List<KinesisRecord> Remaining = records;
        public int Attempts;
    }

    /// <summary>Returns once every record of <paramref name="batch"/> is stored; throws <see cref="OutputException"/> if that cannot happen.</summary>
    public async Task SendAsync(List<KinesisRecord> batch, ArrayBufferWriter<byte> scratch, CancellationToken cancellationToken)
    {
        var state = new BatchState(this, batch, scratch);
        await _retry.ExecuteAsync(static (s, ct) => s.Sender.AttemptAsync(s, ct), state, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask AttemptAsync(BatchState state, CancellationToken cancellationToken)
    {
        var records = state.Remaining;
        if (state.Attempts++ > 0) _counters.Retry(records.Count);
        _counters.Request();
        List<RecordFailure> failures;
        try
        {
            failures = await _client.PutRecordsAsync(_options.StreamName, records, state.Scratch, cancellationToken).ConfigureAwait(false);
        }
        catch (KinesisException e)
        {
            _counters.RequestFailed();
            if (e.Throttled) _counters.Throttled(records.Count);
            throw (Exception?)Final(state, e) ?? e;
        }

        if (failures.Count == 0)
        {
            _acknowledged(records.Count, PayloadBytes(records));
            state.Remaining = [];
            return;
        }

        var failed = new List<KinesisRecord>(failures.Count);
        var throttled = 0;
        foreach (var failure in failures)
        {
            failed.Add(records[failure.Index]);
            if (KinesisErrors.IsThrottling(failure.ErrorCode)) throttled++;
        }
        _counters.Throttled(throttled);
        _acknowledged(records.Count - failed.Count, PayloadBytes(records) - PayloadBytes(failed));
        state.Remaining = failed;

        // Per-record errors (throughput exceeded, internal failure, any other code) are all worth another try.
        var first = failures[0];
        var partial = new KinesisException(first.ErrorCode,
            $"PutRecords: {failures.Count} of {records.Count} records failed, e.g. {first.ErrorCode}: {first.ErrorMessage}",
            statusCode: null, retryable: true, throttled: throttled > 0);
        throw (Exception?)Final(state, partial) ?? partial;
    }

    /// <summary>The error that ends the batch, or null when <paramref name="error"/> is to be retried.</summary>
    private OutputException? Final(BatchState state, KinesisException error)
    {
        var where = $"kinesis stream {_options.StreamName} in region {_client.Endpoint.Region} (endpoint {_client.Endpoint.Url})";
        if (!error.Retryable)
            return new OutputException($"{where}: {error.Describe()}; {state.Remaining.Count} records not written", error);
        var elapsed = Stopwatch.GetElapsedTime(state.Started);
        if (elapsed < _options.RetryDeadline) return null;
        return new OutputException(
            $"{where}: {state.Remaining.Count} records still not accepted after {state.Attempts} attempts over "
            + $"{elapsed.TotalSeconds:0.#} s (retry deadline {_options.RetryDeadline.TotalSeconds:0.#} s); last error: {error.Describe()}",
            error);
    }

    private static long PayloadBytes(List<KinesisRecord> records)
    {
        var total = 0L;
        foreach (var record in records) total += record.Data.Length;
        return total;
    }
}
