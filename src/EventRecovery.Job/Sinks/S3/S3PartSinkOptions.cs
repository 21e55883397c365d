using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sinks.S3;

/// <summary>How an <see cref="S3PartSink"/> cuts and uploads its objects.</summary>
public sealed record S3PartSinkOptions
{
    /// <summary>S3's smallest part of a multipart upload (all but the last part).</summary>
    public const long MinPartBytes = 5L << 20;

    /// <summary>S3's largest number of parts in one multipart upload.</summary>
    public const int MaxParts = 10_000;

    /// <summary>An object is completed once it holds this many bytes, and the next record starts a new one.</summary>
    public long MaxObjectBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Bytes buffered in memory before they are uploaded as one part. An object completed before reaching this size
    /// is sent with a single PutObject; a larger one becomes a multipart upload of parts of this size.
    /// </summary>
    public long PartBytes { get; init; } = 8L << 20;

    /// <summary>Parts uploaded in the background while the next one fills; memory is about (this + 1) × <see cref="PartBytes"/>.</summary>
    public int MaxConcurrentUploads { get; init; } = 2;

    /// <summary>Retries of each upload request.</summary>
    public S3RetryOptions Retry { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when the sizes break S3's multipart rules.</summary>
    public void Validate()
    {
        if (PartBytes < MinPartBytes)
            throw new ArgumentException($"S3 part size {PartBytes} is below S3's minimum of {MinPartBytes} bytes (5 MiB)");
        if (PartBytes > int.MaxValue - (1 << 20))
            throw new ArgumentException($"S3 part size {PartBytes} is too large to buffer");
        if (MaxObjectBytes < 1)
            throw new ArgumentException("S3 object size must be positive");
        if ((MaxObjectBytes + PartBytes - 1) / PartBytes >= MaxParts)
            throw new ArgumentException(
                $"S3 objects of {MaxObjectBytes} bytes in parts of {PartBytes} bytes would exceed {MaxParts} parts"
            );
        if (MaxConcurrentUploads < 1)
            throw new ArgumentException("concurrent S3 uploads must be at least 1");
    }
}
