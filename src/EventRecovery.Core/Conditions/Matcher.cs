using System.Text.Json.Nodes;

namespace EventRecovery.Core.Conditions;

/// <summary>A test on one JSON value: <c>{"value": …}</c>, <c>{"regex": …}</c> or <c>{"size": {…}}</c>.</summary>
public abstract class Matcher
{
    /// <summary>Whether <paramref name="value"/> passes the test.</summary>
    public abstract bool Matches(JsonNode? value);
}
