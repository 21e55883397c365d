using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using EventRecovery.Bench.Cli;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Bench.Measure;

/// <summary>
/// <c>profile</c>: a stopwatch breakdown of where the core's time goes, on one thread. <c>Recover</c> works on the
/// line's parsed document for most rows (recovery in place) and on a <c>JsonNode</c> tree for the others
/// (<c>RecoveryOptions.InPlace = false</c> makes it use trees for all); both totals are printed. The breakdown
/// replays the stages of the tree path with the core's public pieces (parse, flow selection, payload
/// materialisation, steps, rebuild, Thrift encode) and times each; rows whose path goes through private code
/// (format violations, failures, unrecoverable rows) are timed whole. Then the stages of recovery in place,
/// replayed with its internal pieces (visible to the bench), and the rows it does not recover timed whole.
/// </summary>
internal static class ProfileCommand
{
    private static readonly string[] Stages =
    [
        "parse (JsonDocument + bad row)",
        "select flows (conditions)",
        "payload JsonNode materialise",
        "steps",
        "rebuild collector payload (incl. querystring URL encoding)",
        "Thrift encode",
        "format violations (whole Recover)",
        "failed rows (whole Recover)",
        "unrecoverable rows (whole Recover)",
    ];

    public static int Run(Args args)
    {
        var corpus = LoadedCorpus.Load(args.Required("corpus"), args.Size("max-bytes", 100_000_000));
        var configText = File.ReadAllText(args.Required("config"));
        var config = ConfigLoader.Load(configText);
        var recoverer = new Recoverer(config, new RecoveryOptions { InPlace = false });
        var inPlace = new Recoverer(config);
        var lines = corpus.Lines;

        // Which lines fail or are unrecoverable is known from a first full pass (also the warm-up).
        var kinds = new OutcomeKind[lines.Length];
        for (var i = 0; i < lines.Length; i++)
            kinds[i] = recoverer.Recover(lines[i]).Kind;
        for (var i = 0; i < lines.Length; i++)
            Replay(lines[i], kinds[i], config, recoverer, new long[Stages.Length], new long[Stages.Length]);

        // Both ways warmed up alike, then each timed three times, alternately; the best of each is kept.
        for (var i = 0; i < 2; i++)
            foreach (var line in lines)
                inPlace.Recover(line);
        double wholeInPlace = double.MaxValue,
            whole = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            wholeInPlace = Math.Min(wholeInPlace, TimeAll(inPlace, lines));
            whole = Math.Min(whole, TimeAll(recoverer, lines));
        }

        GC.Collect();
        var paused = GC.GetTotalPauseDuration();
        var ticks = new long[Stages.Length];
        var allocated = new long[Stages.Length];
        for (var i = 0; i < lines.Length; i++)
            Replay(lines[i], kinds[i], config, recoverer, ticks, allocated);
        var total = ticks.Sum() / (double)Stopwatch.Frequency;
        var gc = (GC.GetTotalPauseDuration() - paused).TotalSeconds;

        Console.WriteLine($"profile: {lines.Length:N0} lines, {corpus.Bytes / 1e6:F1} MB, 1 thread");
        Console.WriteLine(
            $"Recoverer.Recover over all lines: {wholeInPlace:F2} s ({corpus.Bytes / 1e6 / wholeInPlace:F1} MB/s), in place where it can (the default)"
        );
        Console.WriteLine(
            $"                                  {whole:F2} s ({corpus.Bytes / 1e6 / whole:F1} MB/s) on trees only (InPlace = false); the tree path's stages replayed: {total:F2} s"
        );
        Console.WriteLine();
        // Allocation per stage is per line of the whole corpus, so that the column adds up to the KB/line of `core`.
        Console.WriteLine($"{"stage", -60} {"seconds", 8} {"share", 7} {"KB/line", 8}");
        for (var s = 0; s < Stages.Length; s++)
        {
            var seconds = ticks[s] / (double)Stopwatch.Frequency;
            Console.WriteLine(
                $"{Stages[s], -60} {seconds, 8:F2} {100 * seconds / total, 6:F1}% {allocated[s] / 1024.0 / lines.Length, 8:F1}"
            );
        }
        Console.WriteLine($"GC pauses during the staged replay: {gc:F2} s ({100 * gc / total:F1} %), spread over the stages that allocate");
        Console.WriteLine();
        PrintInPlace(lines, kinds, config);
        Console.WriteLine(
            $"GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2 collections; allocated {GC.GetTotalAllocatedBytes() / 1e9:F1} GB in this process"
        );
        return 0;
    }

    private static readonly string[] InPlaceStages =
    [
        "parse (UTF-8 check, JsonDocument, bad row)",
        "select flows (conditions)",
        "steps",
        "payload fields (rebuild, querystring)",
        "Thrift encode",
        "rows not recovered in place (whole Recover)",
    ];

    /// <summary>
    /// The stages of recovery in place, replayed with its internal pieces over the rows it recovers (the others are
    /// timed whole), best of three passes per stage. The "× parse" column divides by the parse stage of the same
    /// passes, which the machine's drift does not move.
    /// </summary>
    private static void PrintInPlace(ReadOnlyMemory<byte>[] lines, OutcomeKind[] kinds, RecoveryConfig config)
    {
        var recoverer = new Recoverer(config);
        var keys = new SchemaKeys();
        var options = new JsonDocumentOptions { MaxDepth = RecoveryOptions.Default.MaxJsonDepth };
        var best = Enumerable.Repeat(double.MaxValue, InPlaceStages.Length).ToArray();
        var allocated = new long[InPlaceStages.Length];
        var (rowTicks, rowAllocated) = (new long[InPlaceStages.Length], new long[InPlaceStages.Length]);
        for (var pass = 0; pass < 4; pass++)
        {
            var ticks = new long[InPlaceStages.Length];
            Array.Clear(allocated);
            GC.Collect();
            for (var i = 0; i < lines.Length; i++)
                ReplayInPlace(lines[i], kinds[i], config, recoverer, keys, options, ticks, allocated, rowTicks, rowAllocated);
            if (pass == 0)
                continue; // warm-up
            for (var s = 0; s < ticks.Length; s++)
                best[s] = Math.Min(best[s], ticks[s] / (double)Stopwatch.Frequency);
        }
        var total = best.Sum();
        Console.WriteLine($"recovery in place, stage by stage (best of 3 passes each): {total:F2} s");
        Console.WriteLine($"{"stage", -60} {"seconds", 8} {"share", 7} {"× parse", 8} {"KB/line", 8}");
        for (var s = 0; s < InPlaceStages.Length; s++)
            Console.WriteLine(
                $"{InPlaceStages[s], -60} {best[s], 8:F2} {100 * best[s] / total, 6:F1}% {best[s] / best[0], 8:F2} {allocated[s] / 1024.0 / lines.Length, 8:F1}"
            );
    }

    // A row's stages are counted in rowTicks/rowAllocated first, and added to the totals once it went in place.
    private static void ReplayInPlace(
        ReadOnlyMemory<byte> line,
        OutcomeKind kind,
        RecoveryConfig config,
        Recoverer recoverer,
        SchemaKeys keys,
        JsonDocumentOptions options,
        long[] ticks,
        long[] allocated,
        long[] rowTicks,
        long[] rowAllocated
    )
    {
        Array.Clear(rowTicks);
        Array.Clear(rowAllocated);
        if (kind == OutcomeKind.Recovered && InPlaceStagesOf(line, config, keys, options, new Lap(rowTicks, rowAllocated)))
        {
            for (var s = 0; s < ticks.Length; s++)
            {
                ticks[s] += rowTicks[s];
                allocated[s] += rowAllocated[s];
            }
            return;
        }
        var lap = new Lap(ticks, allocated);
        recoverer.Recover(line);
        lap.End(5);
    }

    // The pieces of Recoverer.RecoverInPlace, timed one by one; false (nothing timed) for a row the tree recovers.
    private static bool InPlaceStagesOf(
        ReadOnlyMemory<byte> line,
        RecoveryConfig config,
        SchemaKeys keys,
        JsonDocumentOptions options,
        Lap laps
    )
    {
        Utf8.IsValid(line.Span);
        using var document = JsonDocument.Parse(line, options);
        var row = BadRow.From(document.RootElement, keys: keys);
        while (row.Type == "recovery_error")
            row = row.Unwrap(keys);
        if (!InPlaceRecovery.Handles(row.Type))
            return false;
        laps.End(0);
        try
        {
            using var edits = new LineEdits(line, row.Data);
            var flows = InPlaceRecovery.SelectFlows(config, row, edits);
            laps.End(1);
            edits.CheckKeys(row.Data);
            var payload = row.Data.GetProperty("payload");
            foreach (var flow in flows)
            foreach (var step in flow.Steps)
            {
                LineWalker.Transform(payload, step, edits, out var failure);
                if (failure is not null)
                    return false; // a failed row: timed whole by the caller
            }
            laps.End(2);
            var fields = new LinePayloadReader(payload, edits);
            var cp = row.Type is "schema_violations" or "enrichment_failures"
                ? EnrichmentPayloadJson.ToThrift(fields, "payload")
                : CollectorPayloadJson.ToThrift(fields);
            laps.End(3);
            CollectorPayloadThrift.Encode(cp);
            laps.End(4);
        }
        catch (Exception e) when (e is NotInPlace or RowFailure or ArgumentException or InvalidOperationException)
        {
            return false; // left to the tree: timed whole by the caller
        }
        return true;
    }

    private static double TimeAll(Recoverer recoverer, ReadOnlyMemory<byte>[] lines)
    {
        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        foreach (var line in lines)
            recoverer.Recover(line);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static void Replay(
        ReadOnlyMemory<byte> line,
        OutcomeKind kind,
        RecoveryConfig config,
        Recoverer recoverer,
        long[] ticks,
        long[] allocated
    )
    {
        var lap = new Lap(ticks, allocated);
        if (kind != OutcomeKind.Recovered)
        {
            recoverer.Recover(line);
            lap.End(kind == OutcomeKind.Failed ? 7 : 8);
            return;
        }
        using var document = JsonDocument.Parse(line);
        var row = BadRow.From(document.RootElement);
        while (row.Type == "recovery_error")
            row = row.Unwrap();
        if (row.Type == "collector_payload_format_violation")
        {
            recoverer.Recover(line);
            lap.End(6);
            return;
        }
        lap.End(0);
        var flows = config.SelectFlows(row.Schema, JsonObject.Create(row.Data));
        lap.End(1);
        var payload = JsonNode.Parse(row.Data.GetProperty("payload").GetRawText());
        lap.End(2);
        foreach (var flow in flows)
        foreach (var step in flow.Steps)
            payload = step.ApplyTo(payload);
        lap.End(3);
        var cp = row.Type is "schema_violations" or "enrichment_failures"
            ? EnrichmentPayloadJson.ToThrift(payload)
            : CollectorPayloadJson.ToThrift(payload);
        lap.End(4);
        CollectorPayloadThrift.Encode(cp);
        lap.End(5);
    }

    /// <summary>Time and bytes allocated (this thread) since the previous stage ended.</summary>
    private struct Lap(long[] ticks, long[] allocated)
    {
        private long _time = Stopwatch.GetTimestamp();
        private long _bytes = GC.GetAllocatedBytesForCurrentThread();

        public void End(int stage)
        {
            var now = Stopwatch.GetTimestamp();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            ticks[stage] += now - _time;
            allocated[stage] += bytes - _bytes;
            _time = now;
            _bytes = bytes;
        }
    }
}
