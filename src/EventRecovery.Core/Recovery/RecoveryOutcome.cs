namespace EventRecovery.Core.Recovery;

/// <summary>
/// What became of one input line: the recovered Thrift bytes, or the bad row JSON to write to the failed or
/// unrecoverable output, with what a person needs to understand it.
/// </summary>
public sealed class RecoveryOutcome
{
    /// <summary>Recovered, failed or unrecoverable.</summary>
    public required OutcomeKind Kind { get; init; }

    /// <summary>The Thrift <c>CollectorPayload</c> bytes, when recovered.</summary>
    public byte[]? Payload { get; init; }

    private string? _badRowJson;
    private byte[]? _badRowUtf8;

    /// <summary>One line of JSON (a recovery_error or collector_payload_format_violation bad row), when not recovered.</summary>
    public string? BadRowJson
    {
        get => _badRowJson ??= _badRowUtf8 is null ? null : System.Text.Encoding.UTF8.GetString(_badRowUtf8);
        init => _badRowJson = value;
    }

    /// <summary>
    /// <see cref="BadRowJson"/> as UTF-8, what outputs write. The core builds most failed rows as bytes, copying the
    /// line's own; the string is then made only when asked for.
    /// </summary>
    public byte[]? BadRowUtf8
    {
        get => _badRowUtf8 ?? (_badRowJson is null ? null : System.Text.Encoding.UTF8.GetBytes(_badRowJson));
        init => _badRowUtf8 = value;
    }

    /// <summary>The bad row type of the line (the inner type for recovery_error rows), or "invalid" for a line that is not a bad
    /// row.</summary>
    public required string BadRowType { get; init; }

    /// <summary>Names of the flows that applied, in the order their steps ran.</summary>
    public IReadOnlyList<string> Flows { get; init; } = [];

    /// <summary>
    /// The steps that ran on this row and changed nothing (<see cref="UnchangedStep"/>), in the order they ran; null
    /// when every step that ran changed something (or none ran).
    /// </summary>
    public IReadOnlyList<UnchangedStep>? UnchangedSteps { get; init; }

    /// <summary>Why the line was not recovered.</summary>
    public string? Reason { get; init; }

    /// <summary>The type reported for lines that are not bad rows.</summary>
    public const string InvalidType = "invalid";
}
