using System.Threading.Channels;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sources;

namespace EventRecovery.Job.Pipeline;

/// <summary>
/// Sources → recovery → sinks. One reader cuts the inputs into batches of lines, every core runs the recovery
/// core on batches, one writer puts the results into the sinks. Bounded channels between them hold the reader
/// back when the workers or the sinks are slower (backpressure), so memory stays flat whatever the input size.
/// </summary>
public sealed class RecoveryJob(Recoverer recoverer, JobOptions options)
{
    /// <summary>
    /// Runs over <paramref name="splits"/>. <paramref name="stop"/> stops reading (Ctrl-C, SIGTERM): what was
    /// read is still recovered and written, and the outputs are completed.
    /// </summary>
    /// <param name="splits">The inputs of this run (this shard's).</param>
    /// <param name="outputs">Where outcomes go.</param>
    /// <param name="counters">Updated as records are written.</param>
    /// <param name="stop">Stops reading; the run then drains and completes its outputs.</param>
    /// <param name="checkpoints">When given, progress is committed every interval after the outputs are flushed,
    /// and splits resume from the committed state.</param>
    public async Task<JobResult> RunAsync(
        IReadOnlyList<InputSplit> splits,
        JobOutputs outputs,
        RunCounters counters,
        CancellationToken stop,
        CheckpointPlan? checkpoints = null
    )
    {
        counters.Verification.Run = options.Verification;
        var tracker = new ProgressTracker();
        foreach (var split in splits)
            tracker.Begin(split.Id, checkpoints?.Resume?.Splits.GetValueOrDefault(split.Id));
        var workers = Math.Max(1, options.Workers);
        var lines = Channel.CreateBounded<LineBatch>(new BoundedChannelOptions(workers) { SingleWriter = true });
        var results = Channel.CreateBounded<ResultBatch>(new BoundedChannelOptions(workers) { SingleReader = true });
        using var abort = new CancellationTokenSource();
        string? inputError = null;
        string? outputError = null;
        string? recoveryError = null; // a batch no worker could finish: the run fails rather than lose its lines

        var reader = Task.Run(async () =>
        {
            try
            {
                inputError = await ReadAsync(splits, checkpoints?.Resume, lines.Writer, counters, stop, abort.Token).ConfigureAwait(false);
            }
            catch (OutOfMemoryException e)
            {
                inputError = $"reading failed: {Describe(e)}";
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // The run is failing for a reason found after reading (a batch no worker finished, an output that broke):
                // a reader waiting to hand over a batch stops there, and that reason is the one reported.
            }
            finally
            {
                lines.Writer.TryComplete();
            }
        });
        // A read blocked in the kernel (a pipe nobody writes to, a stalled mount) does not see the stop. After a grace
        // period the run goes on without the reader: what it had handed over is finished, the rest was never counted.
        using var abandonReader = stop.Register(() =>
            Task.Delay(options.StopGrace).ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default)
        );

        var processors = Enumerable
            .Range(0, workers)
            .Select(_ =>
                Task.Run(async () =>
                {
                    await foreach (var batch in lines.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                    {
                        using (batch)
                        {
                            ResultBatch processed;
                            try
                            {
                                processed = Process(batch);
                            }
                            catch (Exception e)
                            {
                                // Not one line of the batch is written, so its split's checkpoint stops before it; reading
                                // stops, what is already recovered is written, and the run fails naming the lines.
                                Interlocked.CompareExchange(
                                    ref recoveryError,
                                    $"recovering {batch.Split.Name}{LinesOf(batch)} failed: {Describe(e)}",
                                    null
                                );
                                abort.Cancel();
                                continue;
                            }
                            await results.Writer.WriteAsync(processed, CancellationToken.None).ConfigureAwait(false);
                        }
                    }
                })
            )
            .ToArray();
        var processing = Task.WhenAll(processors).ContinueWith(_ => results.Writer.Complete(), TaskScheduler.Default);

        var lastCheckpoint = DateTime.UtcNow;
        try
        {
            await foreach (var batch in results.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (outputError is not null)
                    continue; // drain so the workers can finish
                try
                {
                    await WriteAsync(batch, outputs, counters).ConfigureAwait(false);
                    tracker.Written(batch.Split.Id, batch.Sequence, batch.EndOffset, batch.EndLine, batch.IsEndOfSplit, batch.InputFailure);
                    if (checkpoints is not null && DateTime.UtcNow - lastCheckpoint >= checkpoints.Interval)
                    {
                        await CommitAsync(checkpoints, tracker, outputs, counters).ConfigureAwait(false);
                        lastCheckpoint = DateTime.UtcNow;
                    }
                }
                catch (Exception e)
                    when (e is IOException or UnauthorizedAccessException or OutputException or CheckpointException or OutOfMemoryException)
                {
                    outputError = $"writing output failed: {Describe(e)}";
                    abort.Cancel();
                }
            }
            if (!stop.IsCancellationRequested)
                await reader.ConfigureAwait(false);
            await processing.ConfigureAwait(false);
            if (outputError is null)
            {
                await outputs.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
                counters.MarkDurable();
                // Everything written is durable now: commit it, whether the run completed, stopped or hit a bad input.
                if (checkpoints is not null)
                    await CommitAsync(checkpoints, tracker, outputs: null, counters).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutputException or CheckpointException)
        {
            outputError = $"completing output failed: {e.Message}";
        }

        if (outputError is not null)
            return new JobResult(JobEnd.Failed, outputError);
        if (recoveryError is not null)
            return new JobResult(JobEnd.Failed, recoveryError);
        if (inputError is not null)
            return new JobResult(JobEnd.Failed, inputError);
        if (stop.IsCancellationRequested)
            return new JobResult(JobEnd.Interrupted, null);
        var corrupt = counters.CorruptInputs;
        if (corrupt.Count > 0)
            return new JobResult(
                JobEnd.Failed,
                corrupt.Count == 1
                    ? $"1 input is corrupt, {corrupt[0].Name} (its lines before the break were processed, the other inputs read whole)"
                    : $"{corrupt.Count} inputs are corrupt, {string.Join(", ", corrupt.Select(c => c.Name))} (their lines before the break were processed, the other inputs read whole)"
            );
        return new JobResult(JobEnd.Completed, null);
    }

    /// <summary>
    /// Makes everything written durable, then commits the positions written before the flush. Without
    /// <paramref name="outputs"/>, they are already complete (the end of a run).
    /// </summary>
    private static async Task CommitAsync(CheckpointPlan plan, ProgressTracker tracker, JobOutputs? outputs, RunCounters counters)
    {
        var written = tracker.Snapshot();
        if (outputs is not null)
        {
            await outputs.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            counters.MarkDurable();
        }
        var state = new CheckpointState
        {
            Fingerprint = plan.Fingerprint,
            Splits = written,
            Updated = DateTimeOffset.UtcNow,
        };
        await plan.Store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every split in order, resuming where the checkpoint says. A split that breaks off (corrupt, unreadable)
    /// ends with a batch naming the break, and reading goes on with the next one; with <see cref="JobOptions.FailFast"/>,
    /// reading stops there and the error naming the file and line is returned.
    /// </summary>
    private async Task<string?> ReadAsync(
        IReadOnlyList<InputSplit> splits,
        CheckpointState? resume,
        ChannelWriter<LineBatch> lines,
        RunCounters counters,
        CancellationToken stop,
        CancellationToken abort
    )
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        foreach (var split in splits)
        {
            if (linked.IsCancellationRequested)
                return null;
            var from = resume?.Splits.GetValueOrDefault(split.Id);
            if (from is { Done: true })
            {
                counters.SplitSkipped();
                if (from.Corrupt is { } earlier)
                    counters.InputCorrupt(new CorruptInput(split.Id, earlier, FoundEarlier: true));
                continue;
            }
            var reader = new LineReader(options.MaxLineBytes, batchLines: options.BatchLines);
            // Input bytes are counted up to the split's own size: a range that reads into the next one to finish its
            // last line does not count those bytes twice.
            var counted = 0L;
            void Count(long read)
            {
                var capped = split.IsStream ? read : Math.Min(read, split.Length);
                if (capped > counted)
                    counters.AddBytes(capped - counted);
                counted = Math.Max(counted, capped);
            }
            string? failure = null;
            try
            {
                // A split that has not started yet has offset 0 in the checkpoint; real progress is always past its start.
                var resumeAt = from is { Offset: > 0 } started ? started.Offset : (long?)null;
                SplitStream input;
                try
                {
                    input = await SplitStream.OpenAsync(split, resumeAt, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    failure = $"{split.Id}: cannot be read: {e.Message}";
                    counters.InputCorrupt(new CorruptInput(split.Id, failure, FoundEarlier: false));
                    if (options.FailFast)
                        return $"reading {failure}";
                    await lines
                        .WriteAsync(LineBatch.EndOf(split, 0, from?.Offset ?? 0, from?.Line ?? 0, failure), abort)
                        .ConfigureAwait(false);
                    continue;
                }
                await using (input)
                {
                    await foreach (var batch in reader.ReadAsync(input, split, from?.Line ?? 0, 0, linked.Token).ConfigureAwait(false))
                    {
                        Count(input.Stored.BytesRead);
                        if (batch.IsEndOfSplit && reader.Failure is { } e)
                        {
                            var where = split.IsRange ? $"{split.Name} (bytes {split.Start}-{split.End})" : split.Name;
                            failure =
                                $"{where} broke off after line {reader.LinesRead} (byte {reader.FailureOffset} of its {(input.IsCompressed ? "decompressed " : "")}data): {e.Message}";
                            batch.InputFailure = failure;
                            counters.InputCorrupt(new CorruptInput(split.Id, failure, FoundEarlier: false));
                            if (options.FailFast)
                            {
                                // The lines before the break are still recovered and written; reading stops here.
                                await lines.WriteAsync(batch, abort).ConfigureAwait(false);
                                counters.AddBlankLines(reader.BlankLines);
                                return $"reading {failure}";
                            }
                        }
                        // Handed over even after a stop: a batch read is finished (standard input cannot give it again).
                        await lines.WriteAsync(batch, abort).ConfigureAwait(false);
                    }
                    if (reader.Interrupted)
                    {
                        counters.AddBlankLines(reader.BlankLines);
                        return null;
                    }
                    if (failure is null && !split.IsStream)
                        Count(split.Length);
                }
                counters.AddBlankLines(reader.BlankLines);
                if (failure is null)
                    counters.SplitDone();
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                counters.AddBlankLines(reader.BlankLines);
                return null;
            }
        }
        return null;
    }

    private ResultBatch Process(LineBatch batch)
    {
        var processed = new ProcessedLine[batch.Lines.Count];
        for (var i = 0; i < processed.Length; i++)
        {
            var line = batch.Lines[i];
            RecoveryOutcome outcome;
            try
            {
                outcome = line.IsTruncated ? recoverer.TooLong(batch.Bytes(line), line.FullLength) : recoverer.Recover(batch.Bytes(line));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The core is built never to throw for bad data; if it does, the line is still not lost. Running out
                // of memory says nothing about the line: it fails the batch, and so the run (see RunAsync).
                outcome = recoverer.Reject(
                    batch.Bytes(line),
                    $"internal error at {batch.Split.Name}:{line.Number}: {e.GetType().Name}: {e.Message}"
                );
            }
            EventRecovery.Core.Verification.PayloadVerdict? verdict = null;
            if (options.Verification is { } verification)
                (outcome, verdict) = verification.Check.Check(batch.Bytes(line), outcome);
            var record = outcome.Payload ?? outcome.BadRowUtf8!;
            processed[i] = new ProcessedLine(outcome, record, verdict, line.Number);
        }
        return new ResultBatch(
            batch.Split,
            batch.Sequence,
            batch.EndOffset,
            batch.EndLine,
            batch.IsEndOfSplit,
            processed,
            batch.InputFailure
        );
    }

    private static string LinesOf(LineBatch batch) =>
        batch.Lines.Count == 0 ? "" : $" lines {batch.Lines[0].Number}-{batch.Lines[^1].Number}";

    /// <summary>What went wrong, for the run's error: out of memory says what to change.</summary>
    private static string Describe(Exception e) =>
        e switch
        {
            OutOfMemoryException => "out of memory: give the process more memory, or run fewer --workers with a smaller --max-buffered",
            IOException or UnauthorizedAccessException or OutputException or CheckpointException => e.Message,
            _ => $"{e.GetType().Name}: {e.Message}",
        };

    private static async Task WriteAsync(ResultBatch batch, JobOutputs outputs, RunCounters counters)
    {
        for (var i = 0; i < batch.Lines.Length; i++)
        {
            var (outcome, record, verdict, line) = batch.Lines[i];
            var sink = outcome.Kind switch
            {
                OutcomeKind.Recovered => outputs.Recovered,
                OutcomeKind.Failed => outputs.Failed.For(FolderOf(outcome)),
                _ => outputs.Unrecoverable.For(FolderOf(outcome)),
            };
            await sink.WriteAsync(record, CancellationToken.None).ConfigureAwait(false);
            counters.Count(outcome, batch.Split.Name, line);
            if (verdict is not null)
                counters.Verification.Count(verdict, outcome.Kind);
        }
        if (batch.Sequence == 0 && batch.Lines.Length > 0)
            counters.Sample(
                batch.Split.Id,
                [.. batch.Lines.Take(RunCounters.SampledLines).Select(l => l.Outcome.BadRowType == RecoveryOutcome.InvalidType)]
            );
    }

    private static string FolderOf(RecoveryOutcome outcome) =>
        outcome.BadRowType == RecoveryOutcome.InvalidType ? BadRowOutput.FormatViolationFolder : BadRowOutput.RecoveryErrorFolder;
}
