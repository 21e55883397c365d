namespace EventRecovery.Job.Sources;

/// <summary>An input that cannot be used, found before any work starts (bad usage: exit code 2).</summary>
public sealed class InputException(string message) : Exception(message);
