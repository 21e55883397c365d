namespace EventRecovery.Job.Pipeline;

/// <summary>
/// A run cannot start as specified: a location, a value or a combination is wrong. The message names the flag
/// (the specification uses the job's flag names) and says what to change; nothing has been read or written yet.
/// </summary>
public sealed class RunPlanException(string message) : Exception(message);
