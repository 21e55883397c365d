using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Sinks.S3;

/// <summary>
/// Checks before any input is read that an S3 prefix can be written: the bucket exists and a probe object can be
/// put and deleted under the prefix. The probe's name starts with '.', so inputs never pick it up if it stays.
/// </summary>
internal static class S3WriteCheck
{
    /// <summary>Throws <see cref="OutputException"/> naming the location and the reason when it cannot be written.</summary>
    public static async Task RunAsync(IAmazonS3 client, S3Location location, S3RetryOptions retry, CancellationToken cancellationToken)
    {
        // A check should answer quickly; the run's full patience is for the data.
        var quick = retry with { MaxAttempts = Math.Min(retry.MaxAttempts, 3) };
        try
        {
            await S3Retry
                .RunAsync(
                    quick,
                    $"checking bucket {location.Bucket}",
                    ct => client.HeadBucketAsync(new HeadBucketRequest { BucketName = location.Bucket }, ct),
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.Forbidden })
        {
            // HeadBucket needs s3:ListBucket, which a write-only role may lack: the probe below decides.
        }
        catch (IOException e)
        {
            var reason =
                e.InnerException is { } inner && S3Errors.IsNotFound(inner) ? $"bucket {location.Bucket} does not exist" : e.Message;
            throw new OutputException($"{location} is not writable: {reason}", e);
        }

        var probe = location.KeyOf($".event-recovery-probe-{Guid.NewGuid():N}");
        try
        {
            await S3Retry
                .RunAsync(
                    quick,
                    $"writing a probe object {location.UriOf(probe)}",
                    ct =>
                        client.PutObjectAsync(
                            new PutObjectRequest
                            {
                                BucketName = location.Bucket,
                                Key = probe,
                                ContentBody = "",
                                UseChunkEncoding = S3Compatibility.UsesChecksums(client),
                            },
                            ct
                        ),
                    cancellationToken
                )
                .ConfigureAwait(false);
            await S3Retry
                .RunAsync(
                    quick,
                    $"deleting the probe object {location.UriOf(probe)}",
                    ct => client.DeleteObjectAsync(location.Bucket, probe, ct),
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new OutputException($"{location} is not writable: {e.Message}", e);
        }
    }
}
