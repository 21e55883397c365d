using Amazon.S3;
using EventRecovery.Cli.Arguments;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Inputs;
using EventRecovery.Job.Outputs;
using EventRecovery.Job.S3;

namespace EventRecovery.Cli.Commands;

/// <summary>
/// Turns the locations given on the command line (local paths, <c>s3://bucket/prefix</c>) into inputs, outputs and
/// checkpoint stores. One S3 client serves them all, created only when an S3 location is used.
/// </summary>
internal sealed class Locations(string? region, string? endpointUrl)
{
    private IAmazonS3? _s3;

    private IAmazonS3 S3
    {
        get
        {
            if (_s3 is not null) return _s3;
            try
            {
                return _s3 = S3ClientFactory.Create(region, endpointUrl);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        }
    }

    /// <summary>The S3 client, created on first use (for a report written to S3).</summary>
    public IAmazonS3 S3Client() => S3;

    /// <summary>Every input split named by the <c>--input</c> values.</summary>
    public async Task<List<InputSplit>> ListInputsAsync(IReadOnlyList<string> inputs, Action<string> warn, CancellationToken cancellationToken)
    {
        var local = inputs.Where(i => !S3Location.IsS3(i)).ToList();
        var splits = LocalInputs.Resolve(local, warn);
        foreach (var input in inputs.Where(S3Location.IsS3))
            splits.AddRange(await S3Inputs.ListAsync(S3, Parse("--input", input), cancellationToken: cancellationToken));
        return splits;
    }

    /// <summary>
    /// Part files an earlier run left at <paramref name="location"/> (a directory or S3 prefix); with
    /// <paramref name="inSubfolders"/>, in its folders too (failed and unrecoverable rows).
    /// </summary>
    public async Task<List<string>> PriorPartsAsync(string flag, string location, bool inSubfolders, CancellationToken cancellationToken) =>
        S3Location.IsS3(location)
            ? (await PriorParts.UnderAsync(S3, Parse(flag, location), inSubfolders, cancellationToken)).Select(k => $"s3://{Parse(flag, location).Bucket}/{k}").ToList()
            : PriorParts.InDirectory(location, inSubfolders);

    /// <summary>Removes one part file (a path or an s3:// URI) that <see cref="PriorPartsAsync"/> found.</summary>
    public async Task RemovePartAsync(string part, CancellationToken cancellationToken)
    {
        if (!S3Location.IsS3(part))
        {
            File.Delete(part);
            return;
        }
        var location = S3Location.Parse(part);
        await S3.DeleteObjectAsync(location.Bucket, location.Prefix, cancellationToken);
    }

    /// <summary>A default location under <paramref name="parent"/> (e.g. <c>&lt;output&gt;/failed</c>).</summary>
    public static string Child(string parent, string name) =>
        S3Location.IsS3(parent) ? S3Location.Parse(parent).Child(name).ToString() : Path.Combine(parent, name);

    /// <summary>Whether <paramref name="location"/> is a place part files can be written to (a directory or an S3 prefix).</summary>
    public static bool HoldsParts(string location) => location != "-" && !location.Contains("://", StringComparison.Ordinal) || S3Location.IsS3(location);

    /// <summary>Part files of recovered payloads at <paramref name="location"/>.</summary>
    public IRecordSink Parts(string flag, string location, string runId, long partBytes) =>
        S3Location.IsS3(location)
            ? S3PartSink.Create(S3, Parse(flag, location), runId, new S3PartSinkOptions { MaxObjectBytes = partBytes })
            : new PartFileSink(location, runId, partBytes) { Marker = OutputMarker.Recovered };

    /// <summary>Failed or unrecoverable rows at <paramref name="location"/>, one folder per schema.</summary>
    public BadRowOutput BadRows(string flag, string location, string runId, long partBytes) =>
        S3Location.IsS3(location)
            ? S3BadRowOutput.Create(S3, Parse(flag, location), runId, new S3PartSinkOptions { MaxObjectBytes = partBytes })
            : new BadRowOutput(location, folder => new PartFileSink(Path.Combine(location, folder), runId, partBytes));

    /// <summary>The checkpoint store of one shard under <paramref name="location"/>.</summary>
    public ICheckpointStore Checkpoints(string location, string shardName) =>
        S3Location.IsS3(location)
            ? new S3CheckpointStore(S3, Parse("--checkpoint-dir", location).Child(shardName))
            : new LocalCheckpointStore(Path.Combine(location, shardName));

    /// <summary>A location as it identifies a run: S3 URIs as written, local paths made absolute.</summary>
    public static string Canonical(string location) =>
        location == "-" || location.Contains("://", StringComparison.Ordinal) ? location : Path.GetFullPath(location);

    private static S3Location Parse(string flag, string value)
    {
        try
        {
            return S3Location.Parse(value);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{flag} {value}: {e.Message}");
        }
    }
}
