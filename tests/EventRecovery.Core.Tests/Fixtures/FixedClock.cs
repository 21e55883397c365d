namespace EventRecovery.Core.Tests.Fixtures;

/// <summary>A clock stopped at one instant, for failure timestamps.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Instant = new(2024, 2, 29, 12, 34, 56, 789, TimeSpan.Zero);

    public FixedClock()
        : this(Instant) { }

    public override DateTimeOffset GetUtcNow() => now;
}
