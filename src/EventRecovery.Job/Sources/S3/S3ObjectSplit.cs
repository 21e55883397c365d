using Amazon.S3;

namespace EventRecovery.Job.Sources.S3;

/// <summary>
/// An S3 object, or a byte range of one, as an input split. Reads are ranged GETs pinned to the ETag seen when
/// listing, so an object replaced during the run fails loudly instead of mixing two versions.
/// </summary>
public sealed class S3ObjectSplit(IAmazonS3 client, string bucket, string key, long length, string? etag, S3InputOptions options)
    : InputSplit
{
    /// <summary>The bucket.</summary>
    public string Bucket { get; } = bucket;

    /// <summary>The object's key.</summary>
    public string Key { get; } = key;

    /// <summary>The ETag from the listing, if any.</summary>
    public string? ETag { get; } = etag;

    /// <inheritdoc />
    public override string Name => $"s3://{Bucket}/{Key}";

    /// <inheritdoc />
    public override long ObjectLength { get; } = length;

    /// <inheritdoc />
    public override async Task<Stream> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        // S3 answers 416 to a range starting at the end (an empty object, or a resume at the very end): nothing to read.
        if (offset >= ObjectLength)
            return new MemoryStream([], writable: false);
        var stream = new S3ObjectStream(client, this, offset, options);
        try
        {
            await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return stream;
    }

    /// <inheritdoc />
    public override InputSplit Slice(long start, long end) =>
        new S3ObjectSplit(client, Bucket, Key, ObjectLength, ETag, options) { Start = start, End = end };
}
