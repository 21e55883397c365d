using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.InPlace;

/// <summary>A step of <see cref="Flow"/> failed the row while recovering in place (<see cref="InPlaceRecovery"/>).</summary>
internal sealed class StepFailure(RecoveryFlow flow, RowFailure failure) : Exception(failure.Message, failure)
{
    /// <summary>The flow whose step failed.</summary>
    public RecoveryFlow Flow { get; } = flow;
}
