namespace EventRecovery.Studio.Samples;

/// <summary>One line of the sample the studio works on, read once when it starts.</summary>
/// <param name="Location"><c>FILE:LINE</c> or <c>s3://bucket/key:LINE</c>, as <c>explain --line</c> takes it.</param>
/// <param name="Bytes">The line, UTF-8 without its terminator (its start only when <paramref name="FullLength"/> is larger).</param>
/// <param name="FullLength">The line's real length in bytes.</param>
public sealed record SampleLine(string Location, ReadOnlyMemory<byte> Bytes, long FullLength)
{
    /// <summary>Whether only the line's start was kept (it is over the line limit).</summary>
    public bool IsTruncated => FullLength > Bytes.Length;
}

/// <summary>The lines the studio recovers again on every re-run, and what was read to choose them.</summary>
/// <param name="Lines">The sample, in input order.</param>
/// <param name="LinesRead">Lines of the inputs read to draw it.</param>
/// <param name="Inputs">The <c>--input</c> values, as given.</param>
public sealed record Sample(IReadOnlyList<SampleLine> Lines, long LinesRead, IReadOnlyList<string> Inputs);
