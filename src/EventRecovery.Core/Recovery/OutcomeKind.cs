namespace EventRecovery.Core.Recovery;

/// <summary>Where a line goes. Every line gets exactly one.</summary>
public enum OutcomeKind
{
    /// <summary>Rebuilt into a collector payload, to be sent back to the pipeline.</summary>
    Recovered,

    /// <summary>Not recovered with this configuration; written as a recovery_error row to try again.</summary>
    Failed,

    /// <summary>A bad row type recovery can never repair (size_violation and the loader and relay types).</summary>
    Unrecoverable,
}
