using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.S3;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Reporting;

/// <summary>
/// Where a run report goes (<c>--report</c>, <c>report --output</c>): a local file, replaced atomically (a reader
/// never sees half a page), or an S3 object (<c>s3://bucket/key.html</c>), written with one PutObject.
/// </summary>
public static class ReportFile
{
    /// <summary>
    /// Checks, before any work, that <paramref name="location"/> can take the report: a local path whose folder exists
    /// and that is not a folder, or an S3 key (not a prefix) in a bucket that can be written. Throws
    /// <see cref="OutputException"/> saying why not.
    /// </summary>
    public static async Task CheckAsync(string location, Func<IAmazonS3> s3, CancellationToken cancellationToken)
    {
        if (S3Location.IsS3(location))
        {
            var target = Parse(location);
            var slash = target.Prefix.LastIndexOf('/');
            var folder = S3Location.Parse($"s3://{target.Bucket}/{(slash < 0 ? "" : target.Prefix[..slash])}");
            await S3WriteCheck.RunAsync(s3(), folder, new S3RetryOptions(), cancellationToken).ConfigureAwait(false);
            return;
        }
        if (location.Contains("://", StringComparison.Ordinal))
            throw new OutputException($"{location}: a report goes to a local file or s3://bucket/key.html");
        if (Directory.Exists(location))
            throw new OutputException($"{location} is a directory: name the report's file, e.g. {Path.Combine(location, "report.html")}");
        var parent = Path.GetDirectoryName(Path.GetFullPath(location));
        if (parent is null || !Directory.Exists(parent))
            throw new OutputException($"{location}: its folder {parent} does not exist");
    }

    /// <summary>Writes <paramref name="html"/> to <paramref name="location"/>; throws <see cref="IOException"/> when that fails.</summary>
    public static async Task WriteAsync(string location, string html, Func<IAmazonS3> s3, CancellationToken cancellationToken)
    {
        if (S3Location.IsS3(location))
        {
            var target = Parse(location);
            var client = s3();
            await S3Retry
                .RunAsync(
                    new S3RetryOptions(),
                    $"writing the report {location}",
                    ct =>
                        client.PutObjectAsync(
                            new PutObjectRequest
                            {
                                BucketName = target.Bucket,
                                Key = target.Prefix,
                                ContentBody = html,
                                ContentType = "text/html; charset=utf-8",
                                UseChunkEncoding = S3Compatibility.UsesChecksums(client),
                            },
                            ct
                        ),
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }
        var full = Path.GetFullPath(location);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static S3Location Parse(string location)
    {
        S3Location target;
        try
        {
            target = S3Location.Parse(location);
        }
        catch (FormatException e)
        {
            throw new OutputException($"{location}: {e.Message}", e);
        }
        if (target.Prefix.Length == 0 || location.EndsWith('/'))
            throw new OutputException($"{location}: name the report's object, e.g. {target.UriOf(target.KeyOf("report.html"))}");
        return target;
    }
}
