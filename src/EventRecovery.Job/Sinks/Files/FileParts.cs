namespace EventRecovery.Job.Sinks.Files;

/// <summary>Part files in a local directory: every location without a <c>scheme://</c>, except <c>-</c>.</summary>
public sealed class FileParts : ISinkScheme, IPartStore
{
    /// <inheritdoc />
    public bool Handles(string location) => location != "-" && !location.Contains("://", StringComparison.Ordinal);

    /// <inheritdoc />
    public IPartStore Parts => this;

    /// <inheritdoc />
    public IRecordSink OpenRecovered(string location, SinkSettings settings) =>
        new Base64Lines(new PartFileSink(location, settings.RunId, settings.PartBytes) { Marker = OutputMarker.Recovered });

    /// <inheritdoc />
    public BadRowOutput OpenBadRows(string flag, string location, SinkSettings settings) =>
        new(location, folder => new PartFileSink(Path.Combine(location, folder), settings.RunId, settings.PartBytes));

    /// <inheritdoc />
    public string Child(string parent, string name) => Path.Combine(parent, name);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> PriorPartsAsync(
        string flag,
        string location,
        bool inSubfolders,
        CancellationToken cancellationToken
    ) => Task.FromResult<IReadOnlyList<string>>(PriorParts.InDirectory(location, inSubfolders));

    /// <inheritdoc />
    public Task RemovePartAsync(string part, CancellationToken cancellationToken)
    {
        File.Delete(part);
        return Task.CompletedTask;
    }
}
