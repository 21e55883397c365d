namespace EventRecovery.Core.Configuration;

/// <summary>The result of validating a configuration.</summary>
/// <param name="Config">The usable configuration, or <c>null</c> when there are problems.</param>
/// <param name="Problems">Everything that makes the configuration unusable.</param>
/// <param name="Warnings">Things that are allowed but probably not meant (a flow for an unknown bad row type).</param>
public sealed record ConfigValidation(RecoveryConfig? Config, IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<ConfigProblem> Warnings);
