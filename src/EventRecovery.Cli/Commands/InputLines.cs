using EventRecovery.Cli.Arguments;
using EventRecovery.Job.Pipeline;
using EventRecovery.Job.Sources;

namespace EventRecovery.Cli.Commands;

/// <summary>One line of an input, with where it is.</summary>
/// <param name="Split">The input it comes from.</param>
/// <param name="Number">1-based line number in the input.</param>
/// <param name="Bytes">The line (its start only when <paramref name="FullLength"/> is larger).</param>
/// <param name="FullLength">The line's real length.</param>
internal readonly record struct InputLine(InputSplit Split, long Number, ReadOnlyMemory<byte> Bytes, long FullLength)
{
    /// <summary><c>FILE:LINE</c> or <c>s3://bucket/key:LINE</c>, what <c>explain --line</c> takes.</summary>
    public string Location => $"{Split.Name}:{Number}";

    /// <summary>Whether only the line's start was kept (it is over the line limit).</summary>
    public bool IsTruncated => FullLength > Bytes.Length;
}

/// <summary>
/// The lines of the inputs named on a command line, read by the job's own sources (files, directories, globs,
/// s3://, gzip, standard input), one at a time, for the commands that look at samples.
/// </summary>
internal static class InputLines
{
    /// <summary>Every line of <paramref name="inputs"/>, in order; blank lines are skipped. Usage errors name the flag.</summary>
    public static async IAsyncEnumerable<InputLine> ReadAsync(
        LocationRegistry locations,
        IReadOnlyList<string> inputs,
        int maxLineBytes,
        TextWriter console,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        List<InputSplit> splits;
        try
        {
            splits = await locations.ListInputsAsync(inputs, warning => console.WriteLine($"warning: {warning}"), cancellationToken);
        }
        catch (Exception e) when (e is InputException or RunPlanException)
        {
            throw new UsageException($"--input: {e.Message}");
        }
        foreach (var split in splits)
        {
            await using var stream = await SplitStream.OpenAsync(split, null, cancellationToken);
            var reader = new LineReader(maxLineBytes);
            await foreach (var batch in reader.ReadAsync(stream, split, 0, 0, cancellationToken))
            {
                using (batch)
                {
                    foreach (var line in batch.Lines)
                        yield return new InputLine(split, line.Number, batch.Bytes(line).ToArray(), line.FullLength);
                    if (batch.InputFailure is { } failure)
                        throw new InputException(failure);
                }
            }
        }
    }
}
