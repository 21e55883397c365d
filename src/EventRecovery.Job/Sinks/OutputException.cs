using EventRecovery.Job.Sinks.Stdout;
namespace EventRecovery.Job.Sinks;

/// <summary>An output destination that cannot be used, found before any work starts (exit code 2).</summary>
public sealed class OutputException(string message, Exception? inner = null) : Exception(message, inner);
