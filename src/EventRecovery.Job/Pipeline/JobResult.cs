namespace EventRecovery.Job.Pipeline;

/// <summary>How a run ended.</summary>
public enum JobEnd
{
    /// <summary>Every input line was processed and every output completed.</summary>
    Completed,

    /// <summary>Stopped on request (Ctrl-C, SIGTERM): outputs complete up to where reading stopped.</summary>
    Interrupted,

    /// <summary>An input or output failed; what was written is complete and valid.</summary>
    Failed,
}

/// <summary>The end of a run and, when it failed, why (naming the file and line).</summary>
public sealed record JobResult(JobEnd End, string? Error);
