namespace EventRecovery.Job.Checkpoints;

/// <summary>A checkpoint that cannot be used (unreadable, or from a different run); found before any work (exit 2).</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
