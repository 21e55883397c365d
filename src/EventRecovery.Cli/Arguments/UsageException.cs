namespace EventRecovery.Cli.Arguments;

/// <summary>A bad flag, path or configuration found before any work: a one-line message and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
