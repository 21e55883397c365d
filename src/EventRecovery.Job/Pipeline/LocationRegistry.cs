using EventRecovery.Job.Aws;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Checkpoints.Local;
using EventRecovery.Job.Checkpoints.S3;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Files;
using EventRecovery.Job.Sinks.Kinesis;
using EventRecovery.Job.Sinks.S3;
using EventRecovery.Job.Sinks.Stdout;
using EventRecovery.Job.Sources;
using EventRecovery.Job.Sources.Local;
using EventRecovery.Job.Sources.S3;

namespace EventRecovery.Job.Pipeline;

/// <summary>
/// Which source, sink and checkpoint store serve a location, by its scheme: the one place that knows every kind.
/// Adding a kind (say <c>gs://</c>) is its folder under <c>Sources/</c>, <c>Sinks/</c> or <c>Checkpoints/</c> and
/// a line in <see cref="Create"/>. The first kind that handles a location wins, so schemes come before the local
/// kinds, which take everything without <c>scheme://</c>.
/// </summary>
public sealed class LocationRegistry(
    IReadOnlyList<ISourceScheme> sources,
    IReadOnlyList<ISinkScheme> sinks,
    IReadOnlyList<ICheckpointScheme> checkpoints,
    AwsClients? aws = null
)
{
    /// <summary>Every kind this program has, sharing <paramref name="aws"/>'s clients.</summary>
    public static LocationRegistry Create(AwsClients aws) =>
        new(
            [new S3Source(aws), new LocalSource()],
            [new S3Parts(aws), new KinesisStreams(aws), new StandardOutput(), new FileParts()],
            [new S3Checkpoints(aws), new LocalCheckpoints()],
            aws
        );

    /// <summary>The run's S3 client, made on first use (for single files such as the report written to S3).</summary>
    public Amazon.S3.IAmazonS3 S3() => (aws ?? throw new RunPlanException("no S3 client: this registry has no AWS clients")).S3;

    /// <summary>
    /// Every input split of <paramref name="inputs"/>: the local ones first, in the order given, then each other kind's.
    /// </summary>
    public async Task<List<InputSplit>> ListInputsAsync(
        IReadOnlyList<string> inputs,
        Action<string> warn,
        CancellationToken cancellationToken
    )
    {
        foreach (var input in inputs)
            if (!sources.Any(s => s.Handles(input)))
                throw new RunPlanException(
                    $"--input {input}: no input of this kind is known (expected a path, a glob, s3://bucket/prefix or '-')"
                );
        var splits = new List<InputSplit>();
        foreach (var source in sources.OrderBy(s => s is LocalSource ? 0 : 1))
        {
            var mine = inputs.Where(i => sources.First(s => s.Handles(i)) == source).ToList();
            if (mine.Count > 0)
                splits.AddRange(await source.ListAsync(mine, warn, cancellationToken).ConfigureAwait(false));
        }
        return splits;
    }

    /// <summary>The kind of output at <paramref name="location"/> given with <paramref name="flag"/>.</summary>
    public ISinkScheme Sink(string flag, string location) =>
        sinks.FirstOrDefault(s => s.Handles(location))
        ?? throw new RunPlanException($"{flag} {location}: expected a directory, s3://bucket/prefix, kinesis://STREAM or '-'");

    /// <summary>The part store at <paramref name="location"/>, which failed and unrecoverable rows need.</summary>
    public IPartStore Parts(string flag, string location) =>
        sinks.FirstOrDefault(s => s.Handles(location))?.Parts
        ?? throw new RunPlanException($"{flag} {location}: failed and unrecoverable rows go to a directory or an s3:// prefix");

    /// <summary>The checkpoint store of one shard under <paramref name="location"/>.</summary>
    public ICheckpointStore Checkpoints(string location, string shardName) =>
        (
            checkpoints.FirstOrDefault(c => c.Handles(location))
            ?? throw new RunPlanException($"--checkpoint-dir {location}: expected a directory or s3://bucket/prefix")
        ).Open(location, shardName);

    /// <summary>A location as it identifies a run: URIs as written, local paths made absolute.</summary>
    public static string Canonical(string location) =>
        location == "-" || location.Contains("://", StringComparison.Ordinal) ? location : Path.GetFullPath(location);
}
