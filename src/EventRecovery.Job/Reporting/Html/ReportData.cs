namespace EventRecovery.Job.Reporting.Html;

/// <summary>
/// The figures of a run report: one run's summary, or the summaries of the shards of one job merged (counts summed,
/// failure groups merged by type, outcome and reason class with their first examples). Built from summaries alone, so
/// <c>event-recovery report</c> can merge the <c>--summary-json</c> files of shards run on other machines.
/// </summary>
public sealed class ReportData
{
    /// <summary>Failure groups shown, largest first.</summary>
    public const int MaxFailureGroups = 50;

    private ReportData(IReadOnlyList<RunSummary> runs) => Runs = runs;

    /// <summary>The summaries, in the order given (a merged report: one per shard).</summary>
    public IReadOnlyList<RunSummary> Runs { get; }

    /// <summary>Whether this is a report of several runs (shards) merged.</summary>
    public bool IsMerged => Runs.Count > 1;

    /// <summary>"completed" when every run completed; otherwise the worst end: "failed", then "interrupted".</summary>
    public required string Outcome { get; init; }

    /// <summary>Records (numRecordsIn) over all runs.</summary>
    public long NumRecordsIn { get; init; }

    /// <summary>events_recovered over all runs.</summary>
    public long Recovered { get; init; }

    /// <summary>events_failed over all runs.</summary>
    public long Failed { get; init; }

    /// <summary>events_unrecoverable over all runs.</summary>
    public long Unrecoverable { get; init; }

    /// <summary>Input bytes read over all runs.</summary>
    public long InputBytes { get; init; }

    /// <summary>Blank lines skipped over all runs.</summary>
    public long BlankLines { get; init; }

    /// <summary>Input splits read to the end, over all runs.</summary>
    public long InputSplitsDone { get; init; }

    /// <summary>Input splits over all runs.</summary>
    public long InputSplits { get; init; }

    /// <summary>
    /// Wall-clock time: one run's duration; for shards, from the first start to the last end when every summary says
    /// when it ran (shards run side by side), otherwise the longest shard's duration.
    /// </summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Records per second of wall-clock time.</summary>
    public double LinesPerSecond => ElapsedSeconds > 0 ? NumRecordsIn / ElapsedSeconds : 0;

    /// <summary>Input megabytes (10^6) per second of wall-clock time.</summary>
    public double MegabytesPerSecond => ElapsedSeconds > 0 ? InputBytes / 1e6 / ElapsedSeconds : 0;

    /// <summary>Whether numRecordsIn = recovered + failed + unrecoverable.</summary>
    public bool CountsBalance => NumRecordsIn == Recovered + Failed + Unrecoverable;

    /// <summary>Outcome counts per bad row type, summed.</summary>
    public required SortedDictionary<string, OutcomeCounts> ByType { get; init; }

    /// <summary>Outcome counts per flow, summed.</summary>
    public required SortedDictionary<string, OutcomeCounts> ByFlow { get; init; }

    /// <summary>Failure groups merged by type, outcome and reason class, largest first, each with its first examples.</summary>
    public required List<FailureGroup> FailureGroups { get; init; }

    /// <summary>
    /// Whether some run found more failure groups than its summary lists: the rows of its smaller groups are not in
    /// <see cref="FailureGroups"/>.
    /// </summary>
    public bool FailureGroupsPartial { get; init; }

    /// <summary>Steps that changed nothing, per flow, summed.</summary>
    public required SortedDictionary<string, List<UnchangedStepCount>> Unchanged { get; init; }

    /// <summary>Verification summed over the runs that verified; null when none did.</summary>
    public VerificationSummary? Verification { get; init; }

    /// <summary>Warnings and errors a reader must see first, each naming its run.</summary>
    public required List<string> Problems { get; init; }

    /// <summary>Distinct versions of the program that wrote the summaries.</summary>
    public required List<string> Versions { get; init; }

    /// <summary>What the shards cover, e.g. "shard 3 of 8 (--shard 2/8)", or "shards 1–2 of 2"; null for an unsharded run.</summary>
    public string? ShardText { get; init; }

    /// <summary>The report of one run (of one shard, when sharded: the other shards are not its business).</summary>
    public static ReportData Of(RunSummary run) => Merge([run], forJob: false);

    /// <summary>
    /// The report of the runs of one job (its shards), merged; shards missing or given twice are named in
    /// <see cref="Problems"/>, even when a single summary is given.
    /// </summary>
    public static ReportData Merge(IReadOnlyList<RunSummary> runs) => Merge(runs, forJob: true);

    private static ReportData Merge(IReadOnlyList<RunSummary> runs, bool forJob)
    {
        if (runs.Count == 0)
            throw new ArgumentException("no run summaries to report on", nameof(runs));
        var problems = new List<string>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var who = runs.Count > 1 ? Label(run, i) + ": " : "";
            if (run.Outcome is "failed" or "interrupted")
            {
                var how = run.Outcome == "failed" ? "FAILED part-way" : "was interrupted";
                var why = run.Error is null ? "" : ": " + run.Error;
                problems.Add($"{who}the run {how}{why}; the figures are what it did before it stopped");
            }
            if (!run.CountsBalance)
                problems.Add(
                    $"{who}numRecordsIn {run.NumRecordsIn} != recovered + failed + unrecoverable "
                        + $"{run.Recovered + run.Failed + run.Unrecoverable} (please report)"
                );
            if (run.Durable is { } d)
                problems.Add(
                    $"{who}only {d.Recovered} recovered / {d.Failed} failed / {d.Unrecoverable} unrecoverable were made durable; "
                        + "the rest was handed to an output that then failed and may be lost (a rerun from the checkpoint repeats it)"
                );
            foreach (var c in run.CorruptInputs ?? [])
                problems.Add($"{who}corrupt input: {c.Error}");
            foreach (var s in run.SuspectInputs ?? [])
                problems.Add($"{who}suspect input {s.Name}: {s.NotBadRows} of its first {s.LinesSampled} lines are not bad rows");
            if (run.Verification is { NotVerified: > 0 } v)
                problems.Add(
                    $"{who}{v.NotVerified} recovered payloads were not verified (a schema could not be fetched) "
                        + "and were sent on unchecked"
                );
        }
        var shardText = forJob ? ShardCoverage(runs, problems) : runs[0].Shard?.ToString();
        return new ReportData(runs)
        {
            Outcome =
                runs.Any(r => r.Outcome == "failed") ? "failed"
                : runs.Any(r => r.Outcome == "interrupted") ? "interrupted"
                : runs.Count == 1 ? runs[0].Outcome
                : "completed",
            NumRecordsIn = runs.Sum(r => r.NumRecordsIn),
            Recovered = runs.Sum(r => r.Recovered),
            Failed = runs.Sum(r => r.Failed),
            Unrecoverable = runs.Sum(r => r.Unrecoverable),
            InputBytes = runs.Sum(r => r.InputBytes),
            BlankLines = runs.Sum(r => r.BlankLines),
            InputSplitsDone = runs.Sum(r => r.InputSplitsDone + r.InputSplitsDoneEarlier),
            InputSplits = runs.Sum(r => r.InputSplits),
            ElapsedSeconds = WallClock(runs),
            ByType = SumCounts(runs.Select(r => r.ByType)),
            ByFlow = SumCounts(runs.Select(r => r.ByFlow)),
            FailureGroups = MergeGroups(runs),
            FailureGroupsPartial = runs.Any(r => r.FailureGroupCount > r.FailureGroups.Count),
            Unchanged = MergeUnchanged(runs),
            Verification = MergeVerification(runs),
            Problems = problems,
            Versions = runs.Select(r => r.Version).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            ShardText = shardText,
        };
    }

    /// <summary>How a run is named in a merged report: its shard, or its position.</summary>
    public static string Label(RunSummary run, int index) => run.Shard is { } s ? $"shard {s.Index + 1} of {s.Count}" : $"run {index + 1}";

    private static string? ShardCoverage(IReadOnlyList<RunSummary> runs, List<string> problems)
    {
        var shards = runs.Select(r => r.Shard).ToList();
        if (shards.All(s => s is null))
            return runs.Count > 1 ? $"{runs.Count} runs merged (none says which shard it was)" : null;
        if (shards.Any(s => s is null))
            problems.Add("some merged summaries are of unsharded runs: the totals may count the same inputs twice");
        var counts = shards.OfType<ShardInfo>().Select(s => s.Count).Distinct().ToList();
        if (counts.Count > 1)
        {
            var shardings = string.Join(", ", counts.Select(c => $"{c} shards"));
            problems.Add($"the summaries are of different shardings ({shardings}): the totals may count the same inputs twice");
            return $"{runs.Count} shards of different shardings";
        }
        var n = counts[0];
        var indexes = shards.OfType<ShardInfo>().Select(s => s.Index).ToList();
        var duplicates = indexes.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        if (duplicates.Count > 0)
        {
            var many = duplicates.Count > 1;
            var named = string.Join(", ", duplicates.Select(i => $"{i + 1} (--shard {i}/{n})"));
            problems.Add($"shard{(many ? "s" : "")} {named} given more than once: the totals count {(many ? "them" : "it")} twice");
        }
        var missing = Enumerable.Range(0, n).Except(indexes).ToList();
        if (missing.Count > 0)
        {
            var named = string.Join(", ", missing.Take(20).Select(i => $"--shard {i}/{n}")) + (missing.Count > 20 ? ", …" : "");
            problems.Add($"{missing.Count} of {n} shards missing ({named}): the totals cover only the shards given");
        }
        var distinct = indexes.Distinct().Count();
        return distinct == n ? (n == 1 ? "shard 1 of 1 (--shard 0/1)" : $"all {n} shards merged") : $"{distinct} of {n} shards merged";
    }

    private static double WallClock(IReadOnlyList<RunSummary> runs)
    {
        if (runs.Count > 1 && runs.All(r => r.StartedAt is not null && r.FinishedAt is not null))
            return Math.Round((runs.Max(r => r.FinishedAt!.Value) - runs.Min(r => r.StartedAt!.Value)).TotalSeconds, 3);
        return runs.Max(r => r.ElapsedSeconds);
    }

    private static SortedDictionary<string, OutcomeCounts> SumCounts(IEnumerable<IDictionary<string, OutcomeCounts>> maps)
    {
        var sum = new SortedDictionary<string, OutcomeCounts>(StringComparer.Ordinal);
        foreach (var map in maps)
        foreach (var (key, n) in map)
            sum[key] = sum.TryGetValue(key, out var s)
                ? new OutcomeCounts(s.Recovered + n.Recovered, s.Failed + n.Failed, s.Unrecoverable + n.Unrecoverable)
                : n;
        return sum;
    }

    private static List<FailureGroup> MergeGroups(IReadOnlyList<RunSummary> runs)
    {
        var merged = new Dictionary<(string, string, string), (long Count, List<string> Examples)>();
        var order = new List<(string, string, string)>();
        foreach (var run in runs)
        foreach (var g in run.FailureGroups)
        {
            var key = (g.BadRowType, g.Outcome, g.Reason);
            if (!merged.TryGetValue(key, out var m))
            {
                m = (0, []);
                order.Add(key);
            }
            var examples = m.Examples;
            foreach (var e in g.Examples)
                if (examples.Count < Reporting.FailureGroups.MaxExamples)
                    examples.Add(e);
            merged[key] = (m.Count + g.Count, examples);
        }
        return order
            .Select(k => new FailureGroup(k.Item1, k.Item2, k.Item3, merged[k].Count, merged[k].Examples))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.BadRowType, StringComparer.Ordinal)
            .ThenBy(g => g.Reason, StringComparer.Ordinal)
            .ToList();
    }

    private static SortedDictionary<string, List<UnchangedStepCount>> MergeUnchanged(IReadOnlyList<RunSummary> runs)
    {
        var merged = new SortedDictionary<string, List<UnchangedStepCount>>(StringComparer.Ordinal);
        foreach (var (flow, steps) in runs.SelectMany(r => r.Unchanged))
        {
            var list = merged.TryGetValue(flow, out var l) ? l : merged[flow] = [];
            foreach (var step in steps)
            {
                var at = list.FindIndex(s => s.Step == step.Step && s.Op == step.Op && s.Path == step.Path);
                if (at < 0)
                    list.Add(step);
                else
                    list[at] = list[at] with { Rows = list[at].Rows + step.Rows };
            }
        }
        foreach (var list in merged.Values)
            list.Sort((a, b) => a.Step != b.Step ? a.Step.CompareTo(b.Step) : string.CompareOrdinal(a.Path, b.Path));
        return merged;
    }

    private static VerificationSummary? MergeVerification(IReadOnlyList<RunSummary> runs)
    {
        var verified = runs.Select(r => r.Verification).OfType<VerificationSummary>().ToList();
        if (verified.Count == 0)
            return null;
        if (verified.Count == 1)
            return verified[0];
        static List<ReasonCount> Top(IEnumerable<ReasonCount> reasons) =>
            reasons
                .GroupBy(r => r.Reason, StringComparer.Ordinal)
                .Select(g => new ReasonCount(g.Key, g.Sum(r => r.Count)))
                .OrderByDescending(r => r.Count)
                .ThenBy(r => r.Reason, StringComparer.Ordinal)
                .Take(10)
                .ToList();
        return new VerificationSummary
        {
            Mode = string.Join("/", verified.Select(v => v.Mode).Distinct(StringComparer.Ordinal)),
            Passed = verified.Sum(v => v.Passed),
            WouldFail = verified.Sum(v => v.WouldFail),
            KeptBack = verified.Sum(v => v.KeptBack),
            NotVerified = verified.Sum(v => v.NotVerified),
            NotChecked = verified.Sum(v => v.NotChecked),
            WouldFailReasons = Top(verified.SelectMany(v => v.WouldFailReasons)),
            NotVerifiedReasons = Top(verified.SelectMany(v => v.NotVerifiedReasons)),
            SchemaLookups = verified.Sum(v => v.SchemaLookups),
            CacheHits = verified.Sum(v => v.CacheHits),
            RepositoryRequests = verified.Sum(v => v.RepositoryRequests),
        };
    }
}
