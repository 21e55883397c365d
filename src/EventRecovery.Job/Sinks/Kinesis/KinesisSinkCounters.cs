using System.Diagnostics.Metrics;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>What a <see cref="KinesisSink"/> has done, for metrics and the run summary. Safe to read at any time.</summary>
public sealed class KinesisSinkCounters : IInstrumented
{
    private long _recordsSent,
        _bytesSent,
        _requests,
        _failedRequests,
        _retries,
        _retriedRecords,
        _throttles,
        _backpressureWaits,
        _inFlight,
        _highWaterMark;

    /// <summary>Records Kinesis acknowledged (a record retried after an ambiguous failure may be stored twice, counted once).</summary>
    public long RecordsSent => Interlocked.Read(ref _recordsSent);

    /// <summary>Payload bytes of the acknowledged records.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>PutRecords requests sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>PutRecords requests that failed as a whole (error response, timeout, broken connection).</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>Retry attempts: requests re-sending the records of a batch that failed, in whole or in part.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Records sent again (each retry counts the records it re-sends).</summary>
    public long RetriedRecords => Interlocked.Read(ref _retriedRecords);

    /// <summary>Records throttled by Kinesis, one by one or because their whole request was throttled.</summary>
    public long Throttles => Interlocked.Read(ref _throttles);

    /// <summary>Writes that had to wait because <see cref="KinesisSinkOptions.MaxBuffered"/> records were in flight.</summary>
    public long BackpressureWaits => Interlocked.Read(ref _backpressureWaits);

    /// <summary>Records written to the sink and not yet acknowledged.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The most records ever in flight at once; never above <see cref="KinesisSinkOptions.MaxBuffered"/>.</summary>
    public long HighWaterMark => Interlocked.Read(ref _highWaterMark);

    /// <inheritdoc />
    public void AddInstruments(Meter meter)
    {
        meter.CreateObservableCounter(MetricNames.KinesisRecordsSent, () => RecordsSent, "{record}", "Records Kinesis acknowledged");
        meter.CreateObservableCounter(
            MetricNames.KinesisBytesSent,
            () => BytesSent,
            MetricNames.BytesUnit,
            "Payload bytes Kinesis acknowledged"
        );
        meter.CreateObservableCounter(MetricNames.KinesisRequests, () => Requests, "{request}", "PutRecords requests, retries included");
        meter.CreateObservableCounter(MetricNames.KinesisRetries, () => Retries, "{request}", "PutRecords retry attempts");
        meter.CreateObservableCounter(MetricNames.KinesisThrottles, () => Throttles, "{record}", "Records throttled by Kinesis");
        meter.CreateObservableCounter(
            MetricNames.KinesisFailedRequests,
            () => FailedRequests,
            "{request}",
            "PutRecords requests that failed as a whole"
        );
    }

    internal void Accepted()
    {
        var now = Interlocked.Increment(ref _inFlight);
        // Only the writer raises _inFlight, so a plain compare-and-set loop is rarely contended.
        long seen;
        while (now > (seen = Interlocked.Read(ref _highWaterMark)) && Interlocked.CompareExchange(ref _highWaterMark, now, seen) != seen)
        { }
    }

    internal long Acknowledged(int records, long bytes)
    {
        Interlocked.Add(ref _recordsSent, records);
        Interlocked.Add(ref _bytesSent, bytes);
        return Interlocked.Add(ref _inFlight, -records);
    }

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void RequestFailed() => Interlocked.Increment(ref _failedRequests);

    internal void Retry(int records)
    {
        Interlocked.Increment(ref _retries);
        Interlocked.Add(ref _retriedRecords, records);
    }

    internal void Throttled(int records) => Interlocked.Add(ref _throttles, records);

    internal void BackpressureWait() => Interlocked.Increment(ref _backpressureWaits);
}
