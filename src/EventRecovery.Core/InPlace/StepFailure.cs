using EventRecovery.Core.Configuration;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// A step of <see cref="Flow"/> failed the row while recovering in place (<see cref="InPlaceRecovery"/>), for
/// <see cref="Reason"/>.
/// </summary>
internal readonly record struct StepFailure(RecoveryFlow Flow, string Reason);
