using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Steps;
using EventRecovery.Core.Text;
using EventRecovery.Core.Thrift;
using EventRecovery.Core.Verification;

namespace EventRecovery.Core.Explain;

/// <summary>
/// Explains lines: recovers each on a JSON tree with the configuration's own conditions, steps and payload rebuild,
/// noting what every one of them saw and did (<see cref="RowTrace"/>). The outcome and payload bytes are those of
/// <see cref="Recoverer"/> (tests hold it to that); it is slower, for samples, and adds nothing to recovery itself.
/// Pure and thread-safe.
/// </summary>
public sealed class RowTracer
{
    private readonly RecoveryConfig _config;
    private readonly RecoveryOptions _options;
    private readonly Recoverer _recoverer;
    private readonly JsonDocumentOptions _parseOptions;
    private readonly RecoveredEventCheck? _verification;

    /// <summary>Creates a tracer for a loaded configuration, with the options a run would use.</summary>
    /// <param name="config">The recovery configuration.</param>
    /// <param name="options">The options of the run to explain.</param>
    /// <param name="verification">
    /// When given (a resolver was), each recovered payload is verified as <c>run --verify</c> does, and the verdict is in
    /// the trace; in strict mode a payload that would fail makes the outcome the failure the run would write.
    /// </param>
    public RowTracer(RecoveryConfig config, RecoveryOptions? options = null, RecoveredEventCheck? verification = null)
    {
        _config = config;
        _verification = verification;
        _options = options ?? RecoveryOptions.Default;
        _recoverer = new Recoverer(config, _options);
        _parseOptions = new JsonDocumentOptions { MaxDepth = _options.MaxJsonDepth };
    }

    /// <summary>Traces one line (UTF-8, without its terminator); <paramref name="location"/> goes into the trace as it is.</summary>
    public RowTrace Trace(ReadOnlyMemory<byte> line, string? location = null)
    {
        var trace = Verified(TraceRow(line));
        return location is null ? trace : trace with { Location = location };
    }

    /// <summary>The trace with the verdict on its recovered payload, and the outcome <c>run --verify strict</c> gives it.</summary>
    private RowTrace Verified(RowTrace trace)
    {
        if (_verification is null || trace.Outcome is not { Kind: "recovered", Payload: { } payload } outcome)
            return trace;
        var verdict = _verification.Verdict(Convert.FromBase64String(payload));
        var verified = outcome with { Verification = VerificationTrace.Of(verdict, _verification.Mode) };
        if (_verification.Refuses(verdict))
            verified = verified with { Kind = KindName(OutcomeKind.Failed), Reason = verdict.FailureReason };
        return trace with { Outcome = verified };
    }

    /// <summary>
    /// The trace of a line too long to read whole (<see cref="Recoverer.TooLong"/>): it fails with its real
    /// length, and nothing else about it is known.
    /// </summary>
    public RowTrace TooLong(ReadOnlyMemory<byte> start, long fullLength, string? location = null)
    {
        var outcome = _recoverer.TooLong(start, fullLength);
        return new RowTrace
        {
            Location = location,
            BadRowType = outcome.BadRowType,
            Outcome = new OutcomeTrace { Kind = KindName(outcome.Kind), Reason = outcome.Reason },
        };
    }

    /// <summary>Traces one line given as text.</summary>
    public RowTrace Trace(string line, string? location = null) => Trace(System.Text.Encoding.UTF8.GetBytes(line), location);

    private RowTrace TraceRow(ReadOnlyMemory<byte> line)
    {
        // A line that is not a recoverable bad row involves no configuration: its story is the recoverer's outcome.
        if (line.Length > _options.MaxLineBytes || !Utf8.IsValid(line.Span))
            return FromRecoverer(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, _parseOptions);
        }
        catch (JsonException)
        {
            return FromRecoverer(line);
        }
        using (document)
        {
            try
            {
                var outer = BadRow.From(document.RootElement);
                var row = outer;
                var recoveries = 0;
                var unwrapped = new List<string>();
                for (var depth = 0; row.Type == "recovery_error"; depth++)
                {
                    if (depth == 8)
                        return FromRecoverer(line);
                    unwrapped.Add(row.Schema.ToString());
                    recoveries = Math.Max(recoveries, row.Recoveries);
                    row = row.Unwrap();
                }
                if (!BadRowTypes.Recoverable.Contains(row.Type))
                    return FromRecoverer(line) with { Schema = row.Schema.ToString(), Unwrapped = unwrapped, Recoveries = recoveries };
                return TraceRecoverable(row, unwrapped, recoveries);
            }
            catch (Exception e) when (e is RowFailure or InvalidOperationException)
            {
                // Not a bad row, or a string that has no UTF-16 form: the recoverer says why, in its words.
                return FromRecoverer(line);
            }
        }
    }

    private RowTrace FromRecoverer(ReadOnlyMemory<byte> line)
    {
        var outcome = _recoverer.Recover(line);
        return new RowTrace
        {
            BadRowType = outcome.BadRowType,
            Outcome = new OutcomeTrace
            {
                Kind = KindName(outcome.Kind),
                Reason = outcome.Reason,
                Flows = outcome.Flows,
            },
        };
    }

    private RowTrace TraceRecoverable(BadRow row, List<string> unwrapped, int recoveries)
    {
        var data = JsonObject.Create(row.Data)!;
        var layers = new DecodedLayers();
        var flows = new List<FlowTrace>();
        var selected = new List<RecoveryFlow>();
        var selectedAt = new List<int>(); // where each selected flow's trace is in flows
        string? conditionsFailed = null;
        foreach (var flow in _config.Flows)
        {
            if (!flow.Key.Matches(row.Schema))
                continue;
            var conditions = new List<ConditionTrace>(flow.Conditions.Count);
            var applies = conditionsFailed is null;
            foreach (var condition in flow.Conditions)
            {
                // Recovery stops at the first condition that fails (and at a row that already failed): the rest are
                // shown, evaluated apart, so nothing they do can change the outcome.
                var skipped = !applies;
                var traced = TraceCondition(condition, conditions.Count, data, skipped ? null : layers, skipped, out var failure);
                conditions.Add(traced);
                if (failure is not null && !skipped)
                    conditionsFailed = Recoverer.ConditionsFailedReason(failure, row);
                if (!traced.Held)
                    applies = false;
            }
            if (applies && conditionsFailed is null)
            {
                selected.Add(flow);
                selectedAt.Add(flows.Count);
            }
            flows.Add(
                new FlowTrace
                {
                    Name = flow.Name,
                    Key = flow.Key.ToString(),
                    Applied = applies && conditionsFailed is null,
                    Conditions = conditions,
                }
            );
        }

        RowTrace Result(OutcomeTrace outcome) =>
            new()
            {
                BadRowType = row.Type,
                Schema = row.Schema.ToString(),
                Unwrapped = unwrapped,
                Recoveries = recoveries,
                Flows = flows,
                Outcome = outcome,
            };
        if (conditionsFailed is not null)
            return Result(Failed(conditionsFailed, []));
        if (selected.Count == 0)
            return Result(Failed(Recoverer.NoFlowReason(_config, row), []));

        var names = selected.ConvertAll(f => f.Name);
        var unchanged = new List<string>();
        RecoveryFlow? current = null;
        try
        {
            var (payload, coerce) = Recoverer.PayloadOf(row, data);
            for (var f = 0; f < selected.Count; f++)
            {
                var flow = current = selected[f];
                var steps = new List<StepTrace>(flow.Steps.Count);
                flows[selectedAt[f]] = flows[selectedAt[f]] with { Steps = steps };
                for (var i = 0; i < flow.Steps.Count; i++)
                {
                    payload = TraceStep(flow.Steps[i], i, payload, layers, steps, out var changed);
                    if (!changed)
                    {
                        unchanged.Add(new UnchangedStep(flow, i).ToString());
                        if (_options.StrictSteps)
                            throw new RowFailure(new UnchangedStep(flow, i).Reason);
                    }
                }
            }
            current = null;
            var cp = coerce(payload);
            var bytes = Recoverer.Encode(cp, _options);
            return Result(
                new OutcomeTrace
                {
                    Kind = KindName(OutcomeKind.Recovered),
                    Flows = names,
                    Unchanged = unchanged,
                    Payload = Convert.ToBase64String(bytes),
                    Decoded = DecodedPayload.Of(CollectorPayloadThrift.Decode(bytes)),
                }
            );
        }
        catch (Exception e) when (e is RowFailure or ArgumentException)
        {
            var because = Recoverer.Because(e, row);
            var reason = current is null ? $"rebuilding the collector payload: {because}" : $"flow {current.Name}: {because}";
            return Result(Failed(reason, names) with { Unchanged = unchanged });
        }
    }

    private static OutcomeTrace Failed(string reason, List<string> flows) =>
        new()
        {
            Kind = KindName(OutcomeKind.Failed),
            Reason = reason,
            Flows = flows,
        };

    /// <summary>
    /// The condition as <see cref="Condition.HoldsFor(JsonNode?, DecodedLayers?)"/> decides it, with what its path
    /// found. <paramref name="failure"/>: what fails the row (a regex timeout, a duplicate key), null otherwise.
    /// </summary>
    private static ConditionTrace TraceCondition(
        Condition condition,
        int index,
        JsonNode data,
        DecodedLayers? layers,
        bool skipped,
        out Exception? failure
    )
    {
        failure = null;
        var found = new List<JsonNode?>();
        var held = false;
        PathProblem? notFound = null;
        string? error = null;
        try
        {
            PathWalker.Visit(
                data,
                condition.Path,
                value =>
                {
                    found.Add(Snapshot(value));
                    held = condition.Matcher.Matches(value);
                },
                layers
            );
        }
        catch (PathNotFound e)
        {
            held = false;
            notFound = new PathProblem(e.At, e.Why);
        }
        catch (RowFailure e) when (e is not RegexTimeout)
        {
            held = false; // a layer that does not decode: the condition is false, as in recovery
            notFound = new PathProblem(condition.Path.Text, e.Message);
        }
        catch (Exception e) when (e is RegexTimeout or ArgumentException)
        {
            held = false;
            error = e.Message;
            if (!skipped)
                failure = e;
        }
        return new ConditionTrace
        {
            Index = index,
            Path = condition.Path.Text,
            Matcher = condition.Matcher.ToString()!,
            Found = found,
            NotFound = notFound,
            Held = held,
            Skipped = skipped,
            Error = error,
        };
    }

    /// <summary>Applies one step as <see cref="Step.ApplyTo(JsonNode?, DecodedLayers?)"/> does, noting each selected value before and
    /// after.</summary>
    private static JsonNode? TraceStep(
        Step step,
        int index,
        JsonNode? payload,
        DecodedLayers layers,
        List<StepTrace> steps,
        out bool changed
    )
    {
        var before = new List<JsonNode?>();
        var after = new List<JsonNode?>();
        var change = step.Changer;
        try
        {
            var result = PathWalker.Transform(
                payload,
                step.Path,
                value =>
                {
                    before.Add(Snapshot(value));
                    var next = change(value);
                    after.Add(Snapshot(next));
                    return next;
                },
                layers,
                out changed
            );
            steps.Add(
                new StepTrace
                {
                    Index = index,
                    Op = step.Op,
                    Path = step.Path.Text,
                    Before = before,
                    After = after,
                    Changed = changed,
                }
            );
            return result;
        }
        catch (Exception e) when (e is RowFailure or ArgumentException)
        {
            steps.Add(
                new StepTrace
                {
                    Index = index,
                    Op = step.Op,
                    Path = step.Path.Text,
                    Before = before,
                    After = after,
                    Error = e.Message,
                    NotFound = e is PathNotFound p ? new PathProblem(p.At, p.Why) : null,
                }
            );
            throw;
        }
    }

    /// <summary>A copy of a value as it is now (steps change the tree afterwards); one that cannot be read is shown as why.</summary>
    private static JsonNode? Snapshot(JsonNode? value)
    {
        try
        {
            return value?.DeepClone();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return JsonValue.Create($"(cannot be shown: {e.Message})");
        }
    }

    /// <summary>The name of an outcome kind in traces and summaries.</summary>
    public static string KindName(OutcomeKind kind) =>
        kind switch
        {
            OutcomeKind.Recovered => "recovered",
            OutcomeKind.Failed => "failed",
            _ => "unrecoverable",
        };
}
