using System.Text.RegularExpressions;
using Amazon.S3;
using EventRecovery.Job.Aws;
using ListObjectsV2Request = Amazon.S3.Model.ListObjectsV2Request;

namespace EventRecovery.Job.Sinks;

/// <summary>
/// Part files an earlier run left in an output location. Runs are not mixed silently: a new run into a location that
/// holds them is refused unless told to keep them (<c>--append</c>) or to remove them (<c>--overwrite</c>), which
/// removes only files named as this tool names its parts, never anything else.
/// </summary>
public static partial class PriorParts
{
    /// <summary>Finished parts (<c>part-RUN-NNNNN.txt</c>) and unfinished ones a killed run left (<c>.part-….inprogress</c>).</summary>
    [GeneratedRegex(
        @"^(part-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}(-shard[0-9]+of[0-9]+)?-[0-9]{5}\.txt|\.part-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}(-shard[0-9]+of[0-9]+)?-[0-9]{5}\.txt\.inprogress)$"
    )]
    private static partial Regex PartName();

    /// <summary>Whether <paramref name="name"/> (a file name) is one of our parts, finished or not.</summary>
    public static bool IsPart(string name) => PartName().IsMatch(name);

    /// <summary>Whether a part is finished (not a hidden in-progress file).</summary>
    public static bool IsFinished(string pathOrKey) => !Path.GetFileName(pathOrKey).StartsWith('.');

    /// <summary>
    /// Our parts in a local <paramref name="directory"/>, and in its sub-folders when <paramref name="inSubfolders"/>
    /// (failed and unrecoverable rows are written one folder per schema).
    /// </summary>
    public static List<string> InDirectory(string directory, bool inSubfolders)
    {
        if (!Directory.Exists(directory))
            return [];
        var folders = inSubfolders ? [directory, .. Directory.EnumerateDirectories(directory)] : new[] { directory };
        return folders
            .SelectMany(f => Directory.EnumerateFiles(f))
            .Where(f => IsPart(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Our parts under an S3 prefix (one level of sub-folders with <paramref name="inSubfolders"/>).</summary>
    public static async Task<List<string>> UnderAsync(
        IAmazonS3 client,
        S3Location location,
        bool inSubfolders,
        CancellationToken cancellationToken
    )
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await S3Retry
                .RunAsync(
                    new S3RetryOptions(),
                    $"listing {location}",
                    ct =>
                        client.ListObjectsV2Async(
                            new ListObjectsV2Request
                            {
                                BucketName = location.Bucket,
                                Prefix = location.FolderPrefix,
                                ContinuationToken = token,
                            },
                            ct
                        ),
                    cancellationToken
                )
                .ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                var relative = o.Key[location.FolderPrefix.Length..].Split('/');
                if (relative.Length <= (inSubfolders ? 2 : 1) && IsPart(relative[^1]))
                    keys.Add(o.Key);
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
        return keys;
    }
}
