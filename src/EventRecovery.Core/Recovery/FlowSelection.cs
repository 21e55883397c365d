using EventRecovery.Core.Codecs;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Configuration;

namespace EventRecovery.Core.Recovery;

/// <summary>
/// How a bad row reads its conditions, on either engine's document: the tree's nodes or the line's parsed
/// document. <typeparamref name="TValue"/> is a value the engine's walk selected, kept as it is until a reason
/// needs its text.
/// </summary>
internal interface IConditionReader<TValue>
{
    /// <summary>
    /// Whether <paramref name="condition"/> holds (a path that cannot be walked does not; a regex time-out fails
    /// the row by its exception). <paramref name="tested"/>: whether its matcher tested any value, the last being
    /// <paramref name="last"/>.
    /// </summary>
    bool Holds(Condition condition, out bool tested, out TValue last);

    /// <summary><paramref name="value"/> as compact JSON, for a reason.</summary>
    string Show(TValue value);
}

/// <summary>
/// The flows that apply to a row, chosen the same way by both engines: every flow whose key matches the row's
/// schema and whose conditions all hold, in config order (the original runs the steps of all of them). For a row no
/// flow applies to, the first condition that did not hold is noted on the way, so the reason can name it without a
/// second walk.
/// </summary>
internal static class FlowSelection
{
    /// <summary>Longest value shown in a reason.</summary>
    private const int MaxShown = 80;

    /// <summary>
    /// Selects the flows for a row with schema <paramref name="schema"/>, reading conditions with <paramref name="reader"/>.
    /// </summary>
    public static FlowChoice<TValue> Select<TReader, TValue>(RecoveryConfig config, SchemaKey schema, TReader reader)
        where TReader : IConditionReader<TValue>
    {
        var choice = new FlowChoice<TValue> { Selected = new List<RecoveryFlow>(2) };
        var flows = config.Flows;
        for (var f = 0; f < flows.Count; f++) // by index: no enumerator to allocate, per row
        {
            var flow = flows[f];
            if (!flow.Key.Matches(schema))
                continue;
            var first = choice.FirstKeyed is null;
            if (first)
                choice.FirstKeyed = flow;
            var applies = true;
            var conditions = flow.Conditions;
            for (var i = 0; i < conditions.Count; i++)
            {
                if (reader.Holds(conditions[i], out var tested, out var last))
                    continue;
                if (first)
                    choice = choice with { Unmet = i, Tested = tested, Last = last };
                applies = false;
                break;
            }
            if (applies)
                choice.Selected.Add(flow);
        }
        return choice;
    }

    /// <summary>
    /// Why no flow applies to a row of schema <paramref name="schema"/>: no flow is keyed by it, or the first condition
    /// of the first flow of its key that did not hold, with the last value it tested (shortened).
    /// </summary>
    public static string NoFlowReason<TReader, TValue>(FlowChoice<TValue> choice, SchemaKey schema, TReader reader)
        where TReader : IConditionReader<TValue>
    {
        if (choice.FirstKeyed is not { } flow)
            return FailureMessages.NoFlowKeyed(schema);
        if (choice.Unmet < 0)
            return FailureMessages.NoFlowApplies(schema);
        var shown = choice.Tested ? Shown(reader, choice.Last) : null;
        return FailureMessages.NoFlowApplies(schema, flow.Name, choice.Unmet, flow.Conditions[choice.Unmet], shown);
    }

    private static string Shown<TReader, TValue>(TReader reader, TValue value)
        where TReader : IConditionReader<TValue>
    {
        try
        {
            return Base64Text.Abbreviate(reader.Show(value), MaxShown);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return "(a value that cannot be shown)";
        }
    }
}

/// <summary>The flows <see cref="FlowSelection"/> chose for a row, and what it noted for a reason if there are none.</summary>
internal struct FlowChoice<TValue>
{
    /// <summary>The flows that apply, in config order.</summary>
    public List<RecoveryFlow> Selected;

    /// <summary>The first flow keyed by the row's schema; null when none is.</summary>
    public RecoveryFlow? FirstKeyed;

    /// <summary>The index of the first condition of <see cref="FirstKeyed"/> that did not hold; -1 when all did.</summary>
    public int Unmet = -1;

    /// <summary>Whether that condition's matcher tested a value (the last one being <see cref="Last"/>).</summary>
    public bool Tested;

    /// <summary>The last value that condition's matcher tested.</summary>
    public TValue Last;

    /// <summary>A choice not made yet: <see cref="Selected"/> is set by <see cref="FlowSelection.Select"/>.</summary>
    public FlowChoice()
    {
        Selected = null!;
        FirstKeyed = null;
        Tested = false;
        Last = default!;
    }
}
