using System.Text.Json.Nodes;
using EventRecovery.Core.Paths;

namespace EventRecovery.Core.Steps;

/// <summary>One repair applied to a bad row's payload at a <see cref="JsonPath"/>.</summary>
public abstract class Step
{
    /// <summary>Where the step applies, relative to the payload.</summary>
    public JsonPath Path { get; }

    /// <summary>Creates a step at <paramref name="path"/>.</summary>
    protected Step(JsonPath path) => Path = path;

    /// <summary>The operation name as written in configs: Replace, Remove, Cast or Add.</summary>
    public abstract string Op { get; }

    /// <summary>
    /// Applies the step to <paramref name="payload"/> (changed in place where possible) and returns the new root.
    /// Throws <see cref="Recovery.RowFailure"/> when the path does not exist or the value cannot be changed.
    /// </summary>
    /// <param name="payload">The payload.</param>
    /// <param name="layers">The row's layers decoded by the conditions, taken over by the first step through each; null to decode
    /// afresh.</param>
    public JsonNode? ApplyTo(JsonNode? payload, DecodedLayers? layers = null) =>
        PathWalker.Transform(payload, Path, Changer, layers, out _);

    /// <summary>
    /// <see cref="ApplyTo(JsonNode?, DecodedLayers?)"/>, telling whether the step changed any value its path selected
    /// (<see cref="Recovery.UnchangedStep.Same"/>).
    /// </summary>
    internal JsonNode? ApplyTo(JsonNode? payload, DecodedLayers? layers, out bool changed) =>
        PathWalker.Transform(payload, Path, Changer, layers, out changed);

    private Func<JsonNode?, JsonNode?>? _change;

    /// <summary>
    /// <see cref="Change"/> as a delegate for the tree engine, made once rather than on every row: a value the step
    /// cannot change throws <see cref="Recovery.RowFailure"/>, which the tree's caller turns into the row's reason.
    /// </summary>
    internal Func<JsonNode?, JsonNode?> Changer => _change ??= ChangeOrThrow;

    private JsonNode? ChangeOrThrow(JsonNode? current)
    {
        var result = Change(current, out var failure);
        return failure is null ? result : throw new Recovery.RowFailure(failure);
    }

    /// <summary>The new value for one selected value; null and <paramref name="failure"/> set when the step cannot change it.</summary>
    internal JsonNode? TryChange(JsonNode? current, out string? failure) => Change(current, out failure);

    /// <summary>
    /// The new value for one selected value. A value the step cannot change sets <paramref name="failure"/> (the row's
    /// reason, from <c>FailureMessages</c>) rather than throwing: failing rows are common and must stay cheap.
    /// </summary>
    protected abstract JsonNode? Change(JsonNode? current, out string? failure);

    /// <inheritdoc />
    public override string ToString() => $"{Op} {Path}";
}
