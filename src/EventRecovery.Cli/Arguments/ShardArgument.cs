using System.Globalization;

namespace EventRecovery.Cli.Arguments;

/// <summary><c>--shard I/N</c>, or <c>--shards N</c> with the index from the orchestrator's environment.</summary>
internal static class ShardArgument
{
    /// <summary>Variables that carry the worker index in Kubernetes Indexed Jobs and AWS Batch array jobs.</summary>
    public static readonly string[] IndexVariables = ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"];

    public static (int Index, int Count)? Resolve(string? shard, int? shards, Func<string, string?> environment)
    {
        if (shard is not null && shards is not null)
            throw new UsageException("--shard and --shards cannot be used together");
        if (shard is not null)
        {
            var parts = shard.Split('/');
            if (
                parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || n < 1
                || i >= n
            )
                throw new UsageException($"--shard {shard}: expected I/N with 0 <= I < N, e.g. --shard 0/3");
            return (i, n);
        }
        if (shards is null)
            return null;
        if (shards < 1)
            throw new UsageException($"--shards {shards}: must be at least 1");
        foreach (var variable in IndexVariables)
        {
            var value = environment(variable);
            if (value is null)
                continue;
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= shards)
                throw new UsageException($"--shards {shards}: {variable}={value} is not an index between 0 and {shards - 1}");
            return (index, shards.Value);
        }
        throw new UsageException(
            $"--shards {shards}: no shard index in the environment ({string.Join(" or ", IndexVariables)}); use --shard I/N"
        );
    }
}
