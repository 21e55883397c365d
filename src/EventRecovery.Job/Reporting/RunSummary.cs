using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using EventRecovery.Job.Pipeline;

namespace EventRecovery.Job.Reporting;

/// <summary>The end-of-run report, printed on the console and optionally written as JSON.</summary>
public sealed record RunSummary
{
    /// <summary>"completed", "interrupted" or "failed".</summary>
    public required string Outcome { get; init; }

    /// <summary>Why the run failed, naming the file and line.</summary>
    public string? Error { get; init; }

    /// <summary>Input splits (files, objects) read to the end.</summary>
    public long InputSplitsDone { get; init; }

    /// <summary>Input splits already done by an earlier run (resumed from a checkpoint).</summary>
    public long InputSplitsDoneEarlier { get; init; }

    /// <summary>Input splits of the run.</summary>
    public long InputSplits { get; init; }

    /// <summary>Input bytes read, as stored.</summary>
    public long InputBytes { get; init; }

    /// <summary>Empty lines, skipped and not counted as records.</summary>
    public long BlankLines { get; init; }

    /// <summary>numRecordsIn.</summary>
    public long NumRecordsIn { get; init; }

    /// <summary>events_recovered.</summary>
    public long Recovered { get; init; }

    /// <summary>events_failed.</summary>
    public long Failed { get; init; }

    /// <summary>events_unrecoverable.</summary>
    public long Unrecoverable { get; init; }

    /// <summary>Whether numRecordsIn = recovered + failed + unrecoverable (always, unless there is a bug).</summary>
    public bool CountsBalance => NumRecordsIn == Recovered + Failed + Unrecoverable;

    /// <summary>Per bad row type.</summary>
    public required SortedDictionary<string, OutcomeCounts> ByType { get; init; }

    /// <summary>Per flow.</summary>
    public required SortedDictionary<string, OutcomeCounts> ByFlow { get; init; }

    /// <summary>
    /// Per flow, its steps that changed nothing in some rows (each with how many), in step order; a step that changed
    /// every row it ran on is not listed. <c>--strict-steps</c> fails those rows.
    /// </summary>
    public SortedDictionary<string, List<UnchangedStepCount>> Unchanged { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The most frequent reasons rows were not recovered.</summary>
    public required List<ReasonCount> TopFailureReasons { get; init; }

    /// <summary>
    /// Rows not recovered grouped by bad row type, outcome and reason class, most rows first, each with its first
    /// example locations (for <c>explain --line</c>).
    /// </summary>
    public List<FailureGroup> FailureGroups { get; init; } = [];

    /// <summary>Inputs that broke off while read (corrupt or unreadable): their lines before the break were processed.</summary>
    public List<CorruptInput>? CorruptInputs { get; init; }

    /// <summary>
    /// When the run failed: the records of each output known durable (at the last flush). The counts above include
    /// records handed to an output after it, which may be lost; a rerun from the checkpoint repeats them.
    /// </summary>
    public OutcomeCounts? Durable { get; init; }

    /// <summary>Inputs whose first lines are mostly not bad rows (not JSON, not UTF-8): probably not what was meant.</summary>
    public List<SuspectInput>? SuspectInputs { get; init; }

    /// <summary>Where each output went (recovered, failed, unrecoverable), as given or defaulted.</summary>
    public Dictionary<string, string>? Outputs { get; init; }

    /// <summary>Verification of recovered payloads against Iglu (<c>--verify</c>); absent when off.</summary>
    public VerificationSummary? Verification { get; init; }

    /// <summary>The program's version (<c>event-recovery --version</c>).</summary>
    public string? Version { get; init; }

    /// <summary>This run's shard (<c>--shard I/N</c>, <c>--shards N</c>); absent when the run read every input.</summary>
    public ShardInfo? Shard { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run ended (UTC).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The <c>--input</c> values, as given.</summary>
    public List<string>? Inputs { get; init; }

    /// <summary>The recovery config used: its text, secrets redacted, and the SHA-256 of the text as given.</summary>
    public ConfigUsed? Config { get; init; }

    /// <summary>The Iglu resolver config (<c>--resolver</c>), secrets such as repository <c>apikey</c>s redacted.</summary>
    public string? Resolver { get; init; }

    /// <summary>Number of failure groups found; <see cref="FailureGroups"/> lists the largest of them.</summary>
    public int FailureGroupCount { get; init; }

    /// <summary>Records and bytes done over the run's time, bounded (see <see cref="ThroughputSeries"/>).</summary>
    public List<ThroughputSample>? Throughput { get; init; }

    /// <summary>Wall-clock duration.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Records per second.</summary>
    public double LinesPerSecond => ElapsedSeconds > 0 ? NumRecordsIn / ElapsedSeconds : 0;

    /// <summary>Input megabytes (10^6) per second.</summary>
    public double MegabytesPerSecond => ElapsedSeconds > 0 ? InputBytes / 1e6 / ElapsedSeconds : 0;

    /// <summary>Builds the summary of a run.</summary>
    public static RunSummary From(RunCounters c, JobResult result, long splits, TimeSpan elapsed, int topReasons = 5) =>
        new()
        {
            Outcome = result.End.ToString().ToLowerInvariant(),
            Error = result.Error,
            InputSplitsDone = c.SplitsDone,
            InputSplitsDoneEarlier = c.SplitsSkipped,
            InputSplits = splits,
            InputBytes = c.BytesRead,
            BlankLines = c.BlankLines,
            NumRecordsIn = c.RecordsIn,
            Recovered = c.Recovered,
            Failed = c.Failed,
            Unrecoverable = c.Unrecoverable,
            ByType = new(c.ByType.ToDictionary(p => p.Key, p => OutcomeCounts.Of(p.Value)), StringComparer.Ordinal),
            ByFlow = new(c.ByFlow.ToDictionary(p => p.Key, p => OutcomeCounts.Of(p.Value)), StringComparer.Ordinal),
            Unchanged = new(
                c.Unchanged.GroupBy(p => p.Key.Flow, StringComparer.Ordinal)
                    .ToDictionary(
                        g => g.Key,
                        g =>
                            g.OrderBy(p => p.Key.Index)
                                .ThenBy(p => p.Key.Op, StringComparer.Ordinal)
                                .ThenBy(p => p.Key.Path, StringComparer.Ordinal)
                                .Select(p => new UnchangedStepCount(p.Key.Index, p.Key.Op, p.Key.Path, p.Value))
                                .ToList()
                    ),
                StringComparer.Ordinal
            ),
            TopFailureReasons = c
                .Reasons.OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(topReasons)
                .Select(p => new ReasonCount(p.Key, p.Value))
                .ToList(),
            FailureGroups = c.FailureGroups.Top(10),
            FailureGroupCount = c.FailureGroups.Count,
            CorruptInputs = c.CorruptInputs.Count > 0 ? [.. c.CorruptInputs] : null,
            Durable =
                result.End == JobEnd.Failed && c.Durable != new OutcomeCounts(c.Recovered, c.Failed, c.Unrecoverable) ? c.Durable : null,
            SuspectInputs = c.SuspectInputs.Count > 0 ? [.. c.SuspectInputs] : null,
            Verification = VerificationSummary.From(c.Verification),
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
        };

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = RunSummaryJson.Default, // generated at build time: no reflection, so a native build writes it too
    };

    /// <summary>The summary as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, (JsonTypeInfo<RunSummary>)Json.GetTypeInfo(typeof(RunSummary)));

    /// <summary>
    /// Reads a summary written by <see cref="ToJson"/> (by this or an earlier version: the fields added since are
    /// absent, and null). Throws <see cref="JsonException"/> naming what is wrong when it is not one.
    /// </summary>
    public static RunSummary FromJson(string json)
    {
        var read = JsonSerializer.Deserialize(json, (JsonTypeInfo<RunSummary>)Json.GetTypeInfo(typeof(RunSummary)))
            ?? throw new JsonException("the file holds null, not a run summary");
        // Lists absent from an older summary arrive as null (the generated reader sets every init-only member).
        return read with
        {
            FailureGroups = read.FailureGroups ?? [],
            Unchanged = read.Unchanged ?? new(StringComparer.Ordinal),
            TopFailureReasons = read.TopFailureReasons ?? [],
        };
    }

    /// <summary>The summary as a human-readable block.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"run {Outcome}{(Error is null ? "" : ": " + Error)}");
        sb.AppendLine(
            ci,
            $"  input          {InputSplitsDone}/{InputSplits} splits{(InputSplitsDoneEarlier > 0 ? $" (+{InputSplitsDoneEarlier} done by an earlier run)" : "")}, {InputBytes / 1e6:0.##} MB, {NumRecordsIn} lines{(BlankLines > 0 ? $" (+{BlankLines} blank, skipped)" : "")}"
        );
        sb.AppendLine(ci, $"  recovered      {Recovered}");
        sb.AppendLine(ci, $"  failed         {Failed}");
        sb.AppendLine(ci, $"  unrecoverable  {Unrecoverable}");
        sb.AppendLine(
            ci,
            $"  check          numRecordsIn {NumRecordsIn} {(CountsBalance ? "=" : "!=")} recovered + failed + unrecoverable {Recovered + Failed + Unrecoverable}{(CountsBalance ? "" : "  <-- MISMATCH, please report")}"
        );
        if (ByType.Count > 0)
        {
            sb.AppendLine("  by bad row type (recovered / failed / unrecoverable):");
            foreach (var (type, n) in ByType)
                sb.AppendLine(ci, $"    {type, -38} {n.Recovered} / {n.Failed} / {n.Unrecoverable}");
        }
        if (ByFlow.Count > 0)
        {
            sb.AppendLine("  by flow (recovered / failed):");
            foreach (var (flow, n) in ByFlow)
                sb.AppendLine(ci, $"    {flow, -38} {n.Recovered} / {n.Failed}");
        }
        if (Unchanged.Count > 0)
        {
            sb.AppendLine("  unchanged (steps that changed nothing: rows per flow and step):");
            foreach (var (flow, steps) in Unchanged)
            foreach (var step in steps)
                sb.AppendLine(ci, $"    {flow} steps[{step.Step}] {step.Op} at {step.Path}: {step.Rows} rows unchanged");
        }
        Verification?.AppendText(sb);
        if (TopFailureReasons.Count > 0)
        {
            sb.AppendLine("  most frequent failure reasons:");
            foreach (var r in TopFailureReasons)
                sb.AppendLine(ci, $"    {r.Count, 8} x {r.Reason}");
        }
        if (FailureGroups.Count > 0)
        {
            sb.AppendLine("  failures by type and reason (see one: event-recovery explain --config … --line FILE:N):");
            foreach (var g in FailureGroups)
            {
                sb.AppendLine(ci, $"    {g.Count, 8} x {g.BadRowType} {g.Outcome}: {g.Reason}");
                if (g.Examples.Count > 0)
                    sb.AppendLine(ci, $"               e.g. {string.Join(", ", g.Examples)}");
            }
        }
        if (CorruptInputs is { Count: > 0 })
        {
            sb.AppendLine(
                ci,
                $"  corrupt inputs ({CorruptInputs.Count}; lines before each break were processed; --restart reads them again):"
            );
            foreach (var c in CorruptInputs)
                sb.AppendLine(ci, $"    {c.Error}{(c.FoundEarlier ? "  [found by an earlier run, not read again]" : "")}");
        }
        if (Durable is { } d)
            sb.AppendLine(
                ci,
                $"  durable        {d.Recovered} recovered / {d.Failed} failed / {d.Unrecoverable} unrecoverable were made durable; the rest counted above was handed to an output that then failed, and may be lost"
            );
        if (SuspectInputs is { Count: > 0 })
        {
            sb.AppendLine(ci, $"  suspect inputs ({SuspectInputs.Count}; mostly not bad rows: not JSON, or not UTF-8; the right files?):");
            foreach (var i in SuspectInputs)
                sb.AppendLine(ci, $"    {i.Name}: {i.NotBadRows} of its first {i.LinesSampled} lines are not bad rows");
        }
        sb.Append(ci, $"  elapsed        {ElapsedSeconds:0.###} s, {LinesPerSecond:0} lines/s, {MegabytesPerSecond:0.##} MB/s");
        if (Outputs is { Count: > 0 })
            foreach (var (kind, location) in Outputs)
                sb.Append(ci, $"{Environment.NewLine}  {kind, -14} -> {location}");
        return sb.ToString();
    }
}

/// <summary>Recovered, failed and unrecoverable counts.</summary>
public sealed record OutcomeCounts(long Recovered, long Failed, long Unrecoverable)
{
    internal static OutcomeCounts Of(long[] slot) => new(slot[0], slot[1], slot[2]);
}

/// <summary>A step of a flow that changed nothing in <see cref="Rows"/> rows.</summary>
/// <param name="Step">The step's index in the flow's steps, from 0 (<c>steps[0]</c> in the config).</param>
/// <param name="Op">Replace, Remove, Cast or Add.</param>
/// <param name="Path">The step's path.</param>
/// <param name="Rows">Rows in which it ran and changed nothing.</param>
public sealed record UnchangedStepCount(int Step, string Op, string Path, long Rows);

/// <summary>One of N deterministic shards of a run's inputs.</summary>
/// <param name="Index">The shard's index, from 0 (<c>--shard I/N</c>'s I).</param>
/// <param name="Count">The number of shards (N).</param>
public sealed record ShardInfo(int Index, int Count)
{
    /// <summary>"shard 3 of 8 (--shard 2/8)": counted from 1 in words, the flag's own index (from 0) in brackets.</summary>
    public override string ToString() => $"shard {Index + 1} of {Count} (--shard {Index}/{Count})";
}

/// <summary>The recovery config a run used.</summary>
/// <param name="Sha256">SHA-256 of the config's text as given (hex): equal digests, same config.</param>
/// <param name="Text">The config's JSON, indented, with secrets redacted (<see cref="SecretRedaction"/>).</param>
public sealed record ConfigUsed(string Sha256, string Text)
{
    /// <summary>The config of a run from its text as given (JSON, or the base64 of it).</summary>
    public static ConfigUsed Of(string given, string json) =>
        new(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(given))),
            SecretRedaction.Redact(json)
        );
}

/// <summary>A failure reason and how many rows it stopped.</summary>
public sealed record ReasonCount(string Reason, long Count);

/// <summary>The serializer's view of <see cref="RunSummary"/>, generated at build time.</summary>
[JsonSerializable(typeof(RunSummary))]
internal sealed partial class RunSummaryJson : JsonSerializerContext;
