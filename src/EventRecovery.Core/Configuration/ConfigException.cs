namespace EventRecovery.Core.Configuration;

/// <summary>A configuration that cannot be used; <see cref="Problems"/> lists everything wrong at once.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigProblem> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    /// <summary>Every problem found, each with its location.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
