using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Text;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Recovery;

/// <summary>
/// The recovery core: one input line in, exactly one <see cref="RecoveryOutcome"/> out. Pure and thread-safe:
/// one instance serves every worker; it never throws for bad data.
/// </summary>
public sealed class Recoverer
{
    private readonly RecoveryConfig _config;
    private readonly RecoveryOptions _options;
    private readonly FailureRows _failures;
    private readonly JsonDocumentOptions _parseOptions;
    private readonly SchemaKeys _schemaKeys = new();

    /// <summary>How deep recovery_error rows may wrap each other.</summary>
    private const int MaxNesting = 8;

    /// <summary>Creates a recoverer for a loaded configuration.</summary>
    public Recoverer(RecoveryConfig config, RecoveryOptions? options = null)
    {
        _config = config;
        _options = options ?? RecoveryOptions.Default;
        _failures = new FailureRows(_options.ProcessorArtifact, _options.ProcessorVersion, _options.Clock);
        _parseOptions = new JsonDocumentOptions { MaxDepth = _options.MaxJsonDepth };
    }

    /// <summary>Recovers one line (UTF-8, without its line terminator).</summary>
    public RecoveryOutcome Recover(ReadOnlyMemory<byte> line)
    {
        if (line.Length > _options.MaxLineBytes)
            return Kept(line, FailureMessages.LineTooLong(line.Length, _options.MaxLineBytes));
        // The JSON parser accepts invalid UTF-8 inside strings and throws only when a string is read, later.
        if (!Utf8.IsValid(line.Span))
            return NotABadRow(line, reason: null);
        try
        {
            return ParseAndRecover(line);
        }
        catch (InvalidOperationException e) when (e.Source?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
        {
            // A string holding an escaped lone surrogate ("\ud800") has no UTF-16 form to read it as.
            return NotABadRow(line, FailureMessages.NotUnicode(e.Message));
        }
    }

    private RecoveryOutcome ParseAndRecover(ReadOnlyMemory<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, _parseOptions);
        }
        catch (JsonException e)
        {
            // The reason is the class alone, so that the summary counts such lines as one reason (the parser's words
            // differ with every character it stopped at); the failed row keeps those words.
            var reason = IsJson(line.Span) ? FailureMessages.TooDeep(_options.MaxJsonDepth) : FailureMessages.NotJson;
            return NotABadRow(Encoding.UTF8.GetString(line.Span), reason, detail: e.Message);
        }
        using (document)
        {
            BadRow row;
            try
            {
                row = BadRow.From(document.RootElement, keys: _schemaKeys);
            }
            catch (RowFailure e)
            {
                return NotABadRow(line, e.Message);
            }
            return Recover(row, line);
        }
    }

    /// <summary>Whether <paramref name="line"/> is JSON at any depth (the document parser stops at the configured one).</summary>
    private static bool IsJson(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            var tokens = false;
            while (reader.Read())
                tokens = true;
            return tokens;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The outcome for a line too long to keep whole: it fails with its real length, and the failed row holds
    /// the start that was kept (<paramref name="start"/>).
    /// </summary>
    public RecoveryOutcome TooLong(ReadOnlyMemory<byte> start, long fullLength)
    {
        // The cut may fall inside a character: the start kept ends before it, so that a UTF-8 line stays text and
        // the row says what is wrong with it (too long), not that it is not UTF-8.
        start = start[..CharacterBoundary(start.Span)];
        return Kept(start, FailureMessages.LineTooLongKept(fullLength, _options.MaxLineBytes, start.Length));
    }

    /// <summary>A line too long to read, as a failed row holding <paramref name="kept"/> (as base64 if it is not UTF-8).</summary>
    private RecoveryOutcome Kept(ReadOnlyMemory<byte> kept, string reason) =>
        Utf8.IsValid(kept.Span)
            ? NotABadRow(Encoding.UTF8.GetString(kept.Span), reason)
            : NotABadRow(Convert.ToBase64String(kept.Span), FailureMessages.KeptAsBase64(reason));

    /// <summary>The length of <paramref name="bytes"/> without the incomplete character its end may cut.</summary>
    internal static int CharacterBoundary(ReadOnlySpan<byte> bytes)
    {
        var start = bytes.Length;
        // A character is at most 4 bytes: the last one starts at most 3 continuation bytes before the end.
        while (start > 0 && bytes.Length - start < 3 && (bytes[start - 1] & 0xC0) == 0x80)
            start--;
        if (start > 0)
            start--; // the byte that would lead the last character
        return start < bytes.Length && Rune.DecodeFromUtf8(bytes[start..], out _, out _) == System.Buffers.OperationStatus.NeedMoreData
            ? start
            : bytes.Length;
    }

    /// <summary>
    /// A failed outcome for a line the caller could not hand to <see cref="Recover(ReadOnlyMemory{byte})"/>
    /// as it is; the line is kept in a collector_payload_format_violation row with <paramref name="reason"/>.
    /// </summary>
    public RecoveryOutcome Reject(ReadOnlyMemory<byte> line, string reason) => NotABadRow(line, reason);

    /// <summary>Recovers one line given as text.</summary>
    public RecoveryOutcome Recover(string line) => Recover(Encoding.UTF8.GetBytes(line));

    private RecoveryOutcome Recover(BadRow outer, ReadOnlyMemory<byte> line)
    {
        var row = outer;
        var recoveries = 0;
        try
        {
            // A recovery_error row is recovered as the bad row it carries, with the config for that row's schema.
            for (var depth = 0; row.Type == "recovery_error"; depth++)
            {
                if (depth == MaxNesting)
                    throw new RowFailure(FailureMessages.NestedTooDeep(MaxNesting));
                recoveries = Math.Max(recoveries, row.Recoveries);
                row = row.Unwrap(_schemaKeys);
            }
        }
        catch (RowFailure e)
        {
            return NotABadRow(outer.Json.GetRawText(), e.Message);
        }

        if (!BadRowTypes.Recoverable.Contains(row.Type))
        {
            var why = BadRowTypes.IsKnown(row.Type) ? FailureMessages.Unrecoverable(row.Type) : FailureMessages.UnknownType(row.Type);
            return NotRecovered(OutcomeKind.Unrecoverable, row, recoveries, why, flows: []);
        }

        if (_options.InPlace && InPlaceRecovery.Handles(row.Type) && RecoverInPlace(row, line, recoveries) is { } inPlace)
            return inPlace;

        var data = JsonObject.Create(row.Data)!; // BadRow.From made sure data is an object
        var layers = new DecodedLayers(); // decoded by the conditions, taken over by the first step through each
        var conditions = new TreeConditions(data, layers);
        List<RecoveryFlow> flows;
        try
        {
            var choice = FlowSelection.Select<TreeConditions, JsonNode?>(_config, row.Schema, conditions);
            flows = choice.Selected;
            if (flows.Count == 0)
                return NoFlow(row, recoveries, FlowSelection.NoFlowReason(choice, row.Schema, conditions));
        }
        catch (Exception e) when (e is RowFailure or ArgumentException)
        {
            // ArgumentException: an object of the row holds a duplicate key. The line parser lets duplicates through
            // (refusing them costs every line), and JsonObject refuses them when it first reads that object.
            return ConditionsFailed(row, recoveries, e);
        }

        RecoveryFlow? current = null; // the flow whose steps are running, to name it when one fails
        List<UnchangedStep>? unchanged = null; // steps that changed nothing, made when the first is found
        try
        {
            var (payload, coerce) = PayloadOf(row, data);
            foreach (var flow in flows)
            {
                current = flow;
                var steps = flow.Steps;
                for (var i = 0; i < steps.Count; i++)
                {
                    payload = steps[i].ApplyTo(payload, layers, out var changed);
                    if (!changed && UnchangedStep.Note(ref unchanged, flow, i, _options.StrictSteps) is { } strict)
                        throw new RowFailure(strict);
                }
            }
            current = null;
            return Recovered(row, flows, coerce(payload), unchanged);
        }
        catch (Exception e) when (e is RowFailure or ArgumentException)
        {
            // ArgumentException: a duplicate key in the row (see above), or text the Thrift encoder cannot write
            // faithfully (a lone surrogate).
            var because = Because(e, row);
            var reason = current is null ? FailureMessages.Rebuilding(because) : FailureMessages.InFlow(current.Name, because);
            return NotRecovered(OutcomeKind.Failed, row, recoveries, reason, flows, current?.Name, unchanged);
        }
    }

    /// <summary>
    /// The outcome of <see cref="InPlaceRecovery"/>, or null when the row is to be recovered on a tree: a row it
    /// cannot take, and a row that fails other than by its conditions or in a step (the tree says why, in its words).
    /// </summary>
    private RecoveryOutcome? RecoverInPlace(BadRow row, ReadOnlyMemory<byte> line, int recoveries)
    {
        List<UnchangedStep>? unchanged = null;
        try
        {
            using var edits = new LineEdits(line, row.Data);
            FlowChoice<JsonElement> choice;
            try
            {
                choice = InPlaceRecovery.Choose(_config, row, edits);
            }
            catch (RegexTimeout e)
            {
                // Decided here: the tree would run the same regex on the same value again, only to time out again.
                return ConditionsFailed(row, recoveries, e);
            }
            var flows = choice.Selected;
            if (flows.Count == 0)
                return NoFlow(row, recoveries, FlowSelection.NoFlowReason(choice, row.Schema, new LineConditions(row.Data, edits)));
            var payload = InPlaceRecovery.Rebuild(row, flows, edits, _options.StrictSteps, ref unchanged, out var failure);
            if (failure is { } step)
                return NotRecovered(
                    OutcomeKind.Failed,
                    row,
                    recoveries,
                    FailureMessages.InFlow(step.Flow.Name, step.Reason),
                    flows,
                    step.Flow.Name,
                    unchanged
                );
            return Recovered(row, flows, payload!, unchanged);
        }
        catch (Exception e) when (e is NotInPlace or RowFailure or ArgumentException or InvalidOperationException)
        {
            // ArgumentException: a duplicate key opened by a matcher, text the Thrift encoder refuses.
            // InvalidOperationException: an escaped lone surrogate read as text.
            return null;
        }
    }

    /// <summary>
    /// Why <paramref name="e"/> failed the row, in plain words: a tree refuses an object with a duplicate key by an
    /// <see cref="ArgumentException"/> in .NET's words, without saying where; the row's document can say.
    /// </summary>
    internal static string Because(Exception e, BadRow row) =>
        e is ArgumentException { ParamName: "key" } && DuplicateKeys.Find(row.Data, e.Message) is { } duplicate
            ? FailureMessages.DuplicateKey(duplicate.Key, duplicate.Location)
            : e.Message;

    private RecoveryOutcome ConditionsFailed(BadRow row, int recoveries, Exception e) =>
        NotRecovered(OutcomeKind.Failed, row, recoveries, ConditionsFailedReason(e, row), flows: []);

    /// <summary>Why a row failed while its conditions were evaluated (a regex timeout, a duplicate key).</summary>
    internal static string ConditionsFailedReason(Exception e, BadRow row) => FailureMessages.EvaluatingConditions(Because(e, row));

    private RecoveryOutcome NoFlow(BadRow row, int recoveries, string reason) =>
        NotRecovered(OutcomeKind.Failed, row, recoveries, reason, flows: []);

    /// <summary>
    /// Why no flow applies to <paramref name="row"/>, as both engines say it (<see cref="FlowSelection.NoFlowReason"/>),
    /// for a caller that has no flow choice of its own (the trace): the flows are chosen again on a tree of the row.
    /// </summary>
    internal static string NoFlowReason(RecoveryConfig config, BadRow row)
    {
        var conditions = new TreeConditions(JsonObject.Create(row.Data), new DecodedLayers());
        try
        {
            return FlowSelection.NoFlowReason(
                FlowSelection.Select<TreeConditions, JsonNode?>(config, row.Schema, conditions),
                row.Schema,
                conditions
            );
        }
        catch (Exception e) when (e is RowFailure or ArgumentException or InvalidOperationException)
        {
            // The row's outcome was decided already; this only words it (a duplicate key, a time-out: without the condition).
            return config.HasFlowsFor(row.Schema) ? FailureMessages.NoFlowApplies(row.Schema) : FailureMessages.NoFlowKeyed(row.Schema);
        }
    }

    /// <summary>The outcome for a rebuilt payload; one over the output's size limit fails the row.</summary>
    private RecoveryOutcome Recovered(BadRow row, List<RecoveryFlow> flows, CollectorPayload cp, List<UnchangedStep>? unchanged)
    {
        var bytes = Encode(cp, _options);
        return new RecoveryOutcome
        {
            Kind = OutcomeKind.Recovered,
            Payload = bytes,
            BadRowType = row.Type,
            Flows = Names(flows),
            UnchangedSteps = unchanged,
        };
    }

    /// <summary>The Thrift bytes of a rebuilt payload; one over the output's size limit is a <see cref="RowFailure"/>.</summary>
    internal static byte[] Encode(CollectorPayload cp, RecoveryOptions options)
    {
        var bytes = CollectorPayloadThrift.Encode(cp);
        if (bytes.Length > options.MaxPayloadBytes)
            throw new RowFailure(FailureMessages.PayloadTooLarge(bytes.Length, options.MaxPayloadBytes));
        return bytes;
    }

    /// <summary>The payload steps work on, and how it becomes a collector payload afterwards.</summary>
    internal static (JsonNode? Payload, Func<JsonNode?, CollectorPayload> Coerce) PayloadOf(BadRow row, JsonObject data)
    {
        switch (row.Type)
        {
            case "adapter_failures":
            case "tracker_protocol_violations":
                return (Payload(row, data), p => CollectorPayloadJson.ToThrift(p));
            case "schema_violations":
            case "enrichment_failures":
                return (Payload(row, data), p => EnrichmentPayloadJson.ToThrift(p));
            case "collector_payload_format_violation":
                var cp = FormatViolationPayload.Read(row.Data);
                return (CollectorPayloadJson.FromThrift(cp.Payload, cp.Querystring), p =>
                    CollectorPayloadJson.ToThrift(p, originalPath: cp.Payload.Path)
                );
            default:
                throw new RowFailure(FailureMessages.Unrecoverable(row.Type));
        }
    }

    /// <summary>
    /// The payload as a tree over the line's document, the same tree the conditions read: nothing is parsed twice,
    /// and only what the steps and the rebuild touch is materialised. The failed row is written from the document,
    /// so changes made here never reach it.
    /// </summary>
    private static JsonNode? Payload(BadRow row, JsonObject data) =>
        data.TryGetPropertyValue("payload", out var payload) ? payload : throw new RowFailure(FailureMessages.NoPayload(row.Type));

    private RecoveryOutcome NotRecovered(
        OutcomeKind kind,
        BadRow row,
        int recoveries,
        string reason,
        List<RecoveryFlow> flows,
        string? configName = null,
        List<UnchangedStep>? unchanged = null
    )
    {
        var names = Names(flows);
        configName ??= names.Count == 0 ? null : string.Join(",", names);
        // A reason holding a lone surrogate (a step's regex can leave one) has no UTF-8 form: the row keeps it as text,
        // as it always did, and outputs write its UTF-8 with a replacement character.
        var asText = HasLoneSurrogate(reason);
        return new RecoveryOutcome
        {
            Kind = kind,
            BadRowUtf8 = asText
                ? null
                : _failures.RecoveryErrorUtf8(JsonMarshal.GetRawUtf8Value(row.Json), row.Schema, reason, configName, recoveries + 1),
            BadRowJson = asText
                ? _failures.RecoveryError(row.Json.GetRawText(), row.Type, row.Schema.Version, reason, configName, recoveries + 1)
                : null,
            BadRowType = row.Type,
            Flows = names,
            Reason = reason,
            UnchangedSteps = unchanged,
        };
    }

    private static bool HasLoneSurrogate(string text)
    {
        var span = text.AsSpan();
        var i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0 && i < span.Length)
        {
            if (Rune.DecodeFromUtf16(span[i..], out _, out var used) != System.Buffers.OperationStatus.Done)
                return true;
            i += used;
        }
        return false;
    }

    /// <summary>A line that is not a bad row; <paramref name="reason"/> may be null when the line is not UTF-8.</summary>
    private RecoveryOutcome NotABadRow(ReadOnlyMemory<byte> line, string? reason)
    {
        if (Utf8.IsValid(line.Span))
            return NotABadRow(Encoding.UTF8.GetString(line.Span), reason!);
        // Keep every byte: the payload becomes the base64 of the line, and the reason says so.
        return NotABadRow(Convert.ToBase64String(line.Span), FailureMessages.NotUtf8(reason));
    }

    /// <summary>A line that is not a bad row, kept as <paramref name="text"/>; the row's message adds <paramref name="detail"/> to the
    /// reason.</summary>
    private RecoveryOutcome NotABadRow(string text, string reason, string? detail = null) =>
        new()
        {
            Kind = OutcomeKind.Failed,
            BadRowJson = _failures.FormatViolation(text, detail is null ? reason : $"{reason}: {detail}"),
            BadRowType = RecoveryOutcome.InvalidType,
            Reason = reason,
        };

    private static List<string> Names(List<RecoveryFlow> flows) => flows.ConvertAll(f => f.Name);
}
