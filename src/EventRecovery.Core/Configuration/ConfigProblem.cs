namespace EventRecovery.Core.Configuration;

/// <summary>One thing wrong with a configuration, and where: a JSON location such as <c>data["iglu:…"][0].steps[2].path</c>.</summary>
public sealed record ConfigProblem(string Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Location.Length == 0 ? Message : $"{Location}: {Message}";
}
