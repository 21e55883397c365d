namespace EventRecovery.Core.Recovery;

/// <summary>Limits and identity of the recovery core.</summary>
public sealed record RecoveryOptions
{
    /// <summary>The defaults.</summary>
    public static readonly RecoveryOptions Default = new();

    /// <summary>Longest time one regex may run on one value; beyond it the row fails with a reason.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest input line, in bytes; longer lines fail with a reason instead of being parsed.</summary>
    public int MaxLineBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted in a line.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>
    /// Largest recovered payload the output accepts (a Kinesis record holds at most 1 MiB); a larger one fails the
    /// row with a reason instead of being sent.
    /// </summary>
    public int MaxPayloadBytes { get; init; } = int.MaxValue;

    /// <summary>
    /// Recover rows on the line's parsed document where the steps allow it (faster, far fewer allocations); rows it
    /// cannot take are recovered on a JSON tree. The outcomes are the same either way; false always uses the tree
    /// (for comparing the two).
    /// </summary>
    public bool InPlace { get; init; } = true;

    /// <summary>
    /// A step that changes nothing in a row (<see cref="UnchangedStep"/>) fails the row, with a reason naming the flow
    /// and the step, instead of letting it be recovered unchanged (the original's behaviour, the default).
    /// </summary>
    public bool StrictSteps { get; init; }

    /// <summary>Artifact name written as the processor of failed rows.</summary>
    public string ProcessorArtifact { get; init; } = "event-recovery";

    /// <summary>Version written as the processor of failed rows.</summary>
    public string ProcessorVersion { get; init; } = typeof(RecoveryOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Clock for failure timestamps (tests pass a fixed one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
