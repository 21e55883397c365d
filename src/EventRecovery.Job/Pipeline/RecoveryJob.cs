using System.Text;
using System.Threading.Channels;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Inputs;
using EventRecovery.Job.Outputs;
using EventRecovery.Job.Reporting;

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
    public async Task<JobResult> RunAsync(IReadOnlyList<InputSplit> splits, JobOutputs outputs, RunCounters counters, CancellationToken stop)
    {
        var workers = Math.Max(1, options.Workers);
        var lines = Channel.CreateBounded<LineBatch>(new BoundedChannelOptions(workers) { SingleWriter = true });
        var results = Channel.CreateBounded<ResultBatch>(new BoundedChannelOptions(workers) { SingleReader = true });
        using var abort = new CancellationTokenSource();
        string? inputError = null;
        string? outputError = null;

        var reader = Task.Run(async () =>
        {
            try
            {
                inputError = await ReadAsync(splits, lines.Writer, counters, stop, abort.Token).ConfigureAwait(false);
            }
            finally
            {
                lines.Writer.Complete();
            }
        });

        var processors = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in lines.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                using (batch)
                {
                    var processed = Process(batch);
                    await results.Writer.WriteAsync(processed, CancellationToken.None).ConfigureAwait(false);
                }
            }
        })).ToArray();
        var processing = Task.WhenAll(processors).ContinueWith(_ => results.Writer.Complete(), TaskScheduler.Default);

        try
        {
            await foreach (var batch in results.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (outputError is not null) continue; // drain so the workers can finish
                try
                {
                    await WriteAsync(batch, outputs, counters).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutputException)
                {
                    outputError = $"writing output failed: {e.Message}";
                    abort.Cancel();
                }
            }
            await reader.ConfigureAwait(false);
            await processing.ConfigureAwait(false);
            if (outputError is null) await outputs.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutputException)
        {
            outputError = $"completing output failed: {e.Message}";
        }

        if (outputError is not null) return new JobResult(JobEnd.Failed, outputError);
        if (inputError is not null) return new JobResult(JobEnd.Failed, inputError);
        return new JobResult(stop.IsCancellationRequested ? JobEnd.Interrupted : JobEnd.Completed, null);
    }

    /// <summary>Reads every split in order; returns an error naming the file and line when one fails.</summary>
    private async Task<string?> ReadAsync(IReadOnlyList<InputSplit> splits, ChannelWriter<LineBatch> lines, RunCounters counters, CancellationToken stop, CancellationToken abort)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        foreach (var split in splits)
        {
            if (linked.IsCancellationRequested) return null;
            var reader = new LineReader(options.MaxLineBytes, batchLines: options.BatchLines);
            var counted = 0L;
            try
            {
                await using var stored = new CountingStream(await split.OpenAsync(linked.Token).ConfigureAwait(false));
                await using var decoded = await Decompression.OpenAsync(stored, split.Name, linked.Token).ConfigureAwait(false);
                await foreach (var batch in reader.ReadAsync(decoded, split, linked.Token).ConfigureAwait(false))
                {
                    counters.AddBytes(stored.BytesRead - counted);
                    counted = stored.BytesRead;
                    await lines.WriteAsync(batch, linked.Token).ConfigureAwait(false);
                }
                counters.AddBytes(stored.BytesRead - counted);
                counters.AddBlankLines(reader.BlankLines);
                counters.SplitDone();
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                counters.AddBlankLines(reader.BlankLines);
                return null;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                counters.AddBlankLines(reader.BlankLines);
                return $"reading {split.Name} failed after line {reader.LinesRead}: {e.Message}";
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
                outcome = line.IsTruncated
                    ? recoverer.TooLong(batch.Bytes(line), line.FullLength)
                    : recoverer.Recover(batch.Bytes(line));
            }
            catch (Exception e)
            {
                // The core is built never to throw for bad data; if it does, the line is still not lost.
                outcome = recoverer.Reject(batch.Bytes(line), $"internal error at {batch.Split.Name}:{line.Number}: {e.GetType().Name}: {e.Message}");
            }
            var record = outcome.Payload ?? Encoding.UTF8.GetBytes(outcome.BadRowJson!);
            processed[i] = new ProcessedLine(outcome, record);
        }
        return new ResultBatch(batch.Split, batch.Sequence, batch.EndOffset, processed);
    }

    private static async Task WriteAsync(ResultBatch batch, JobOutputs outputs, RunCounters counters)
    {
        foreach (var (outcome, record) in batch.Lines)
        {
            var sink = outcome.Kind switch
            {
                OutcomeKind.Recovered => outputs.Recovered,
                OutcomeKind.Failed => outputs.Failed.For(FolderOf(outcome)),
                _ => outputs.Unrecoverable.For(FolderOf(outcome)),
            };
            await sink.WriteAsync(record, CancellationToken.None).ConfigureAwait(false);
            counters.Count(outcome);
        }
    }

    private static string FolderOf(RecoveryOutcome outcome) =>
        outcome.BadRowType == RecoveryOutcome.InvalidType ? BadRowOutput.FormatViolationFolder : BadRowOutput.RecoveryErrorFolder;
}
