namespace EventRecovery.Job.Checkpoints;

/// <summary>How a run commits its progress: where, how often, and from which state it resumes.</summary>
public sealed record CheckpointPlan(ICheckpointStore Store, string Fingerprint, TimeSpan Interval, CheckpointState? Resume);
