using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Paths;

/// <summary>
/// A path that selects nothing in a row: a missing field, an index past the end, a filter matching no element, a
/// value of the wrong kind on the way. Its message is the reason a row gives; <see cref="At"/> and <see cref="Why"/>
/// let a trace show the segment that failed apart from the rest.
/// </summary>
public sealed class PathNotFound(string path, string at, string why) : RowFailure(FailureMessages.PathNotFound(path, at, why))
{
    /// <summary>The whole path, as written in the configuration.</summary>
    public string Path { get; } = path;

    /// <summary>The path up to and including the segment that failed, e.g. <c>$.raw.parameters</c>.</summary>
    public string At { get; } = at;

    /// <summary>What is wrong there, e.g. <c>does not exist</c>.</summary>
    public string Why { get; } = why;
}
