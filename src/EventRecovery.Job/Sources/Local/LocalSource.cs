namespace EventRecovery.Job.Sources.Local;

/// <summary>Local files, directories, globs and <c>-</c> (standard input): every location without a <c>scheme://</c>.</summary>
public sealed class LocalSource : ISourceScheme
{
    /// <inheritdoc />
    public bool Handles(string location) => !location.Contains("://", StringComparison.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<InputSplit>> ListAsync(
        IReadOnlyList<string> locations,
        Action<string> warn,
        CancellationToken cancellationToken
    ) => Task.FromResult<IReadOnlyList<InputSplit>>(LocalInputs.Resolve(locations, warn));
}
