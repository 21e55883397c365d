using System.Text.Json.Nodes;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Explain;

/// <summary>
/// For a row no flow applies to: the first condition of a flow that did not hold, with the value its path found
/// (shortened) or where the path stopped, for the row's reason. Worked out only for such rows, on a tree of the
/// few fields the conditions read: rows that recover never pay for it.
/// </summary>
internal static class UnmetCondition
{
    /// <summary>Longest value shown in a reason.</summary>
    private const int MaxValue = 80;

    /// <summary>E.g. <c>flow fix: conditions[0] (Test $.payload.x value "a") did not hold: found "b"</c>; null when every condition holds.</summary>
    public static string? Describe(RecoveryFlow flow, BadRow row)
    {
        JsonNode data;
        try
        {
            data = JsonObject.Create(row.Data)!;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
        for (var i = 0; i < flow.Conditions.Count; i++)
        {
            var condition = flow.Conditions[i];
            var held = false;
            JsonNode? last = null;
            string? stopped = null;
            try
            {
                PathWalker.Visit(data, condition.Path, value =>
                {
                    last = value;
                    held = condition.Matcher.Matches(value);
                });
            }
            catch (PathNotFound e)
            {
                stopped = $"{e.At} {e.Why}";
            }
            catch (Exception e) when (e is RowFailure or ArgumentException or InvalidOperationException)
            {
                stopped = e.Message;
            }
            if (held && stopped is null) continue;
            var what = $"flow {flow.Name}: conditions[{i}] (Test {condition.Path.Text} {condition.Matcher}) did not hold";
            return stopped is not null ? $"{what}: {stopped}" : $"{what}: found {Shown(last)}";
        }
        return null;
    }

    private static string Shown(JsonNode? value)
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
