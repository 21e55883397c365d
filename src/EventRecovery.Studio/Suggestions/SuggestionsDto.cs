using System.Text.Json.Nodes;

namespace EventRecovery.Studio.Suggestions;

/// <summary>Suggested repairs for the largest failure groups of a run.</summary>
/// <param name="Run">The run they were worked out from.</param>
/// <param name="Groups">The largest groups, largest first, each with its proposals or why there is none.</param>
public sealed record SuggestionsDto(int Run, IReadOnlyList<GroupSuggestions> Groups);

/// <summary>What is proposed for one failure group.</summary>
/// <param name="BadRowType">The group's bad row type.</param>
/// <param name="Outcome"><c>failed</c> or <c>unrecoverable</c>.</param>
/// <param name="Reason">The group's reason class.</param>
/// <param name="Count">Rows in the group.</param>
/// <param name="Proposals">Flows that would repair (some of) its rows, most rows first; empty when none fits.</param>
/// <param name="Why">When no proposal fits: why, in words.</param>
public sealed record GroupSuggestions(
    string BadRowType,
    string Outcome,
    string Reason,
    int Count,
    IReadOnlyList<Proposal> Proposals,
    string? Why
);

/// <summary>A flow to add to the configuration.</summary>
/// <param name="Kind"><c>schema-version</c>, <c>cast</c> or <c>parameter</c>.</param>
/// <param name="Key">The configuration key to add it under.</param>
/// <param name="Flow">The flow: name, conditions, steps.</param>
/// <param name="Explanation">What it does and what it was derived from.</param>
/// <param name="Rows">Rows of the group it was derived from.</param>
/// <param name="ValueNeeded">
/// When the repair needs a value only a person knows (the right value of a parameter): what to ask for; the value goes
/// into the last step's <c>value</c>. Null when the flow is complete.
/// </param>
public sealed record Proposal(string Kind, string Key, JsonObject Flow, string Explanation, int Rows, string? ValueNeeded);
