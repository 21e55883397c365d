namespace EventRecovery.Cli;

/// <summary>Process exit codes, as documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>Success, even if some rows were not recovered.</summary>
    public const int Success = 0;

    /// <summary>The run started but an input or output failed.</summary>
    public const int RuntimeFailure = 1;

    /// <summary>Bad usage or configuration; nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM after draining and closing outputs.</summary>
    public const int Interrupted = 130;
}
