namespace EventRecovery.Job.Pipeline;

/// <summary>How a run uses the machine.</summary>
public sealed record JobOptions
{
    /// <summary>Threads running the recovery core; all cores by default.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Records in flight between reader and sinks before the reader is held back (backpressure).</summary>
    public int MaxBuffered { get; init; } = 100_000;

    /// <summary>Longest line handled; longer lines go to the failed output with their start and length.</summary>
    public int MaxLineBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Stop at the first input that breaks off (corrupt, unreadable) instead of recording it and going on.</summary>
    public bool FailFast { get; init; }

    /// <summary>How long a stop waits for a read blocked in the kernel before the run finishes without it.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Verifies recovered payloads against Iglu (<c>--verify</c>); null when off, and the recovery path is untouched.</summary>
    public Verification.RunVerification? Verification { get; init; }

    /// <summary>Lines per batch handed to a worker, derived from <see cref="MaxBuffered"/>.</summary>
    public int BatchLines => Math.Clamp(MaxBuffered / (3 * Math.Max(1, Workers) + 2), 1, 1024);
}
