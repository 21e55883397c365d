using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Sources.S3;

/// <summary>
/// Resolves an <c>--input s3://bucket/prefix</c>: every object below the prefix (all listing pages), or the single
/// object the location names. Directory markers and hidden keys (a path segment starting with '.', as the local
/// inputs skip dot files and our own probe objects) are left out. Large objects are cut into ranges afterwards by
/// <see cref="SplitPlanner"/>.
/// </summary>
public static class S3Inputs
{
    /// <summary>
    /// The objects of <paramref name="location"/>, sorted by key. Throws <see cref="InputException"/> when the bucket
    /// cannot be listed (missing, denied, no credentials) or nothing is there; <see cref="IOException"/> when S3 kept
    /// failing transiently.
    /// </summary>
    public static async Task<List<S3ObjectSplit>> ListAsync(
        IAmazonS3 client,
        S3Location location,
        S3InputOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        options ??= new S3InputOptions();
        var splits = new List<S3ObjectSplit>();
        try
        {
            string? token = null;
            do
            {
                var request = new ListObjectsV2Request
                {
                    BucketName = location.Bucket,
                    Prefix = location.FolderPrefix,
                    MaxKeys = options.PageSize,
                    ContinuationToken = token,
                };
                var page = await S3Retry
                    .RunAsync(options.Retry, $"listing {location}", ct => client.ListObjectsV2Async(request, ct), cancellationToken)
                    .ConfigureAwait(false);
                foreach (var o in page.S3Objects ?? [])
                    if (IsData(o.Key, location.FolderPrefix))
                        splits.Add(new S3ObjectSplit(client, location.Bucket, o.Key, o.Size ?? 0, o.ETag, options));
                // Some compatible servers leave IsTruncated unset: a continuation token alone means more pages.
                token = page.IsTruncated != false ? page.NextContinuationToken : null;
            } while (!string.IsNullOrEmpty(token));

            // s3://bucket/path/file.gz names one object rather than a folder.
            if (
                splits.Count == 0
                && location.Prefix.Length > 0
                && await SingleObjectAsync(client, location, options, cancellationToken).ConfigureAwait(false) is { } single
            )
                splits.Add(single);
        }
        catch (IOException e) when (e.InnerException is { } inner && !S3Errors.IsTransient(inner))
        {
            throw new InputException($"--input {location}: cannot list: {S3Errors.Describe(inner)}");
        }
        if (splits.Count == 0)
            throw new InputException($"--input {location}: no object under this prefix");
        splits.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return splits;
    }

    /// <summary>Whether a listed key is data: not a directory marker, not hidden below the listed prefix.</summary>
    internal static bool IsData(string key, string folderPrefix)
    {
        // "a/" markers made by consoles, and "a_$folder$" ones made by old Hadoop connectors.
        if (key.EndsWith('/') || key.EndsWith("_$folder$", StringComparison.Ordinal))
            return false;
        var relative = key.AsSpan(folderPrefix.Length);
        foreach (var segment in relative.Split('/'))
            if (relative[segment].StartsWith("."))
                return false;
        return true;
    }

    private static async Task<S3ObjectSplit?> SingleObjectAsync(
        IAmazonS3 client,
        S3Location location,
        S3InputOptions options,
        CancellationToken cancellationToken
    )
    {
        try
        {
            var head = await S3Retry
                .RunAsync(
                    options.Retry,
                    $"reading {location}",
                    ct => client.GetObjectMetadataAsync(location.Bucket, location.Prefix, ct),
                    cancellationToken
                )
                .ConfigureAwait(false);
            return new S3ObjectSplit(client, location.Bucket, location.Prefix, head.ContentLength, head.ETag, options);
        }
        catch (IOException e) when (e.InnerException is { } inner && S3Errors.IsNotFound(inner))
        {
            return null;
        }
    }
}
