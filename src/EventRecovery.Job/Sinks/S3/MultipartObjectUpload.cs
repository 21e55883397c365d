using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sinks.S3;

/// <summary>
/// One object being written by a multipart upload: parts go up in the background (a bounded number at once) while
/// the next one fills, and the object appears only when <see cref="CompleteAsync"/> succeeds. An aborted upload
/// leaves nothing visible.
/// </summary>
internal sealed class MultipartObjectUpload
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly S3PartSinkOptions _options;
    private readonly bool _checksums;
    private readonly Queue<Task> _pending = new();
    private readonly List<UploadPartResponse> _parts = [];
    private readonly CancellationTokenSource _abort = new();
    private int _partNumber;

    private MultipartObjectUpload(IAmazonS3 client, string bucket, string key, string uploadId, S3PartSinkOptions options, bool checksums)
    {
        _client = client;
        _bucket = bucket;
        Key = key;
        UploadId = uploadId;
        _options = options;
        _checksums = checksums;
    }

    /// <summary>The object's key.</summary>
    public string Key { get; }

    /// <summary>S3's id of the upload.</summary>
    public string UploadId { get; }

    private string Uri => $"s3://{_bucket}/{Key}";

    /// <summary>Starts the upload of <paramref name="key"/>.</summary>
    public static async Task<MultipartObjectUpload> StartAsync(
        IAmazonS3 client,
        string bucket,
        string key,
        S3PartSinkOptions options,
        CancellationToken cancellationToken
    )
    {
        var checksums = S3Compatibility.UsesChecksums(client);
        var request = new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            ContentType = "text/plain",
        };
        // With checksums, S3 wants the algorithm named up front and each part's checksum repeated at completion.
        if (checksums)
            request.ChecksumAlgorithm = ChecksumAlgorithm.CRC32;
        var response = await S3Retry
            .RunAsync(
                options.Retry,
                $"starting the upload of s3://{bucket}/{key}",
                ct => client.InitiateMultipartUploadAsync(request, ct),
                cancellationToken
            )
            .ConfigureAwait(false);
        return new MultipartObjectUpload(client, bucket, key, response.UploadId, options, checksums);
    }

    /// <summary>Queues <paramref name="part"/> for upload and takes ownership of it; waits while too many parts are in flight.</summary>
    public async Task UploadPartAsync(PartBuffer part, CancellationToken cancellationToken)
    {
        try
        {
            while (_pending.Count >= _options.MaxConcurrentUploads)
                await _pending.Dequeue().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            part.Dispose();
            throw;
        }
        _pending.Enqueue(UploadAsync(++_partNumber, part));
    }

    private async Task UploadAsync(int number, PartBuffer part)
    {
        try
        {
            var response = await S3Retry
                .RunAsync(
                    _options.Retry,
                    $"uploading part {number} of {Uri}",
                    ct =>
                    {
                        var request = new UploadPartRequest
                        {
                            BucketName = _bucket,
                            Key = Key,
                            UploadId = UploadId,
                            PartNumber = number,
                            InputStream = part.OpenRead(),
                            UseChunkEncoding = _checksums,
                        };
                        if (_checksums)
                            request.ChecksumAlgorithm = ChecksumAlgorithm.CRC32;
                        return _client.UploadPartAsync(request, ct);
                    },
                    _abort.Token
                )
                .ConfigureAwait(false);
            // The SDK leaves PartNumber unset on the response of some servers: it is ours anyway.
            response.PartNumber = number;
            lock (_parts)
                _parts.Add(response);
        }
        finally
        {
            part.Dispose();
        }
    }

    /// <summary>Waits for every part, then completes the object: it becomes visible, whole, at once.</summary>
    public async Task CompleteAsync(long expectedBytes, CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
            await _pending.Dequeue().WaitAsync(cancellationToken).ConfigureAwait(false);
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = Key,
            UploadId = UploadId,
        };
        lock (_parts)
        {
            var parts = _parts.OrderBy(p => p.PartNumber).ToList();
            if (_checksums)
                request.AddPartETagsAndChecksums(parts);
            else
                request.AddPartETags(parts);
        }
        var attempts = 0;
        await S3Retry
            .RunAsync(
                _options.Retry,
                $"completing the upload of {Uri}",
                async ct =>
                {
                    // A completion may take effect while its answer is lost; retried, S3 says NoSuchUpload (some servers, 500).
                    // The key is ours alone, so an object of the expected size there means an earlier try landed.
                    if (attempts++ > 0 && await LandedAsync(expectedBytes, ct).ConfigureAwait(false))
                        return;
                    try
                    {
                        await _client.CompleteMultipartUploadAsync(request, ct).ConfigureAwait(false);
                    }
                    catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload")
                    {
                        // The SDK's own retry may find the upload already completed.
                        if (!await LandedAsync(expectedBytes, ct).ConfigureAwait(false))
                            throw;
                    }
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private async Task<bool> LandedAsync(long expectedBytes, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(_bucket, Key, cancellationToken).ConfigureAwait(false);
            return head.ContentLength == expectedBytes;
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            return false;
        }
    }

    /// <summary>Stops the parts in flight and aborts the upload, so that S3 discards what was sent (best effort).</summary>
    public async Task AbortAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        while (_pending.Count > 0)
        {
            try
            {
                await _pending.Dequeue().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Failures of parts no longer wanted do not matter.
            }
        }
        try
        {
            await S3Retry
                .RunAsync(
                    _options.Retry with
                    {
                        MaxAttempts = Math.Min(_options.Retry.MaxAttempts, 3),
                    },
                    $"aborting the upload of {Uri}",
                    ct => _client.AbortMultipartUploadAsync(_bucket, Key, UploadId, ct),
                    CancellationToken.None
                )
                .ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Nothing was made visible either way; a bucket lifecycle rule (AbortIncompleteMultipartUpload) reclaims the parts.
        }
        _abort.Dispose();
    }
}
