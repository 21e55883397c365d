namespace EventRecovery.Job.Sources;

/// <summary>
/// One kind of input location (local paths, <c>s3://</c>, …), chosen by the location's scheme through
/// <see cref="Pipeline.LocationRegistry"/>. A new kind of input is a folder beside <c>Local/</c> and <c>S3/</c>
/// with one class implementing this, added to the registry.
/// </summary>
public interface ISourceScheme
{
    /// <summary>Whether this kind reads <paramref name="location"/> (decided by its scheme alone, nothing is read).</summary>
    bool Handles(string location);

    /// <summary>
    /// The input splits of <paramref name="locations"/> (all of this kind), in a stable order. An input that cannot
    /// be found or listed throws <see cref="InputException"/>; something skipped is reported through <paramref name="warn"/>.
    /// </summary>
    Task<IReadOnlyList<InputSplit>> ListAsync(IReadOnlyList<string> locations, Action<string> warn, CancellationToken cancellationToken);
}
