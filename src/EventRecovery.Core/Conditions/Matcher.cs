using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventRecovery.Core.Conditions;

/// <summary>A test on one JSON value: <c>{"value": …}</c>, <c>{"regex": …}</c> or <c>{"size": {…}}</c>.</summary>
public abstract class Matcher
{
    /// <summary>Whether <paramref name="value"/> passes the test.</summary>
    public abstract bool Matches(JsonNode? value);

    /// <summary>
    /// The test on a value of the line's parsed document, when it can be done there without building a node;
    /// null otherwise (the caller then tests the node). An undefined element is a missing value.
    /// </summary>
    internal virtual bool? TryMatch(JsonElement value) => null;
}
