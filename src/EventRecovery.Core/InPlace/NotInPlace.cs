namespace EventRecovery.Core.InPlace;

/// <summary>
/// Thrown when a row needs something recovery in place does not do (a step that changes more than a string, a
/// duplicate key, an unusual shape): the row is then recovered on a <see cref="System.Text.Json.Nodes.JsonNode"/>
/// tree instead, which decides its outcome. Never reaches a caller of the core.
/// </summary>
internal sealed class NotInPlace(string why) : Exception(why);
