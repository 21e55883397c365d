using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Explain;

/// <summary>
/// For a row no flow applies to: the first condition of a flow that did not hold, with the last value its path
/// found (shortened), for the row's reason. Worked out only for such rows, by the engine that recovered the row
/// (in place on the line's document, which costs about what selecting the flow did), so rows that recover never
/// pay for it and both engines say the same.
/// </summary>
internal static class UnmetCondition
{
    /// <summary>Longest value shown in a reason.</summary>
    private const int MaxValue = 80;

    /// <summary>
    /// E.g. <c>flow fix: conditions[0] (Test $.payload.x value "a") did not hold: found "b"</c>; null when every
    /// condition holds or they cannot be read. <paramref name="edits"/>: the line's document, when recovered in place.
    /// </summary>
    public static string? Describe(RecoveryFlow flow, BadRow row, LineEdits? edits)
    {
        JsonNode? tree = null;
        for (var i = 0; i < flow.Conditions.Count; i++)
        {
            var condition = flow.Conditions[i];
            var seen = new SeenValue(condition.Matcher);
            bool held;
            try
            {
                held = false;
                try
                {
                    if (edits is not null)
                    {
                        try
                        {
                            held = LineWalker.Matches(row.Data, condition.Path, seen, edits);
                            goto decided;
                        }
                        catch (NotInPlace)
                        {
                            seen = new SeenValue(condition.Matcher); // the tree decides, from the start
                        }
                    }
                    tree ??= JsonObject.Create(row.Data)!;
                    PathWalker.Visit(tree, condition.Path, value => held = seen.Matches(value));
                }
                catch (RowFailure e) when (e is not Text.RegexTimeout)
                {
                    held = false; // as a condition decides: a path that cannot be walked does not hold
                }
            }
            catch (Exception e) when (e is RowFailure or ArgumentException or InvalidOperationException)
            {
                return null; // recovery already decided the row; this only adds words to its reason
            }
            decided:
            if (held) continue;
            var what = $"flow {flow.Name}: conditions[{i}] (Test {condition.Path.Text} {condition.Matcher}) did not hold";
            return seen.Shown is null ? $"{what}: the path selects nothing" : $"{what}: found {seen.Shown}";
        }
        return null;
    }

    /// <summary>A matcher that notes the last value it tested, shortened, and leaves the test to the condition's own.</summary>
    private sealed class SeenValue(Matcher matcher) : Matcher
    {
        public string? Shown { get; private set; }

        public override bool Matches(JsonNode? value)
        {
            Shown = Text(value);
            return matcher.Matches(value);
        }

        internal override bool? TryMatch(JsonElement value)
        {
            Shown = Text(LineWalker.NodeOf(value));
            return matcher.TryMatch(value);
        }

        public override string ToString() => matcher.ToString()!;

        private static string Text(JsonNode? value)
        {
            try
            {
                return Base64Text.Abbreviate(CompactJson.Serialize(value), MaxValue);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return "(a value that cannot be shown)";
            }
        }
    }
}
