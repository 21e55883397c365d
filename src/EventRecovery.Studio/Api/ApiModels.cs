namespace EventRecovery.Studio.Api;

// The JSON the page reads and sends (camelCase, see StudioJsonContext). Field names are the page's contract.

/// <summary>A request carrying a configuration's text (validate, re-run, save, export).</summary>
/// <param name="Text">The configuration's JSON text.</param>
/// <param name="Overwrite">Save only: write even when the file changed on disk since the studio read it.</param>
public sealed record ConfigRequest(string? Text, bool Overwrite = false);

/// <summary>An error, in words for a person.</summary>
public sealed record ApiError(string Error, IReadOnlyList<ProblemDto>? Problems = null);

/// <summary>A validation problem or warning, at its JSON location and the line of the text where that is.</summary>
public sealed record ProblemDto(string Location, string Message, int? Line);

/// <summary>The result of validating a configuration's text.</summary>
/// <param name="Valid">No problems.</param>
/// <param name="Problems">Every problem, each at its JSON location.</param>
/// <param name="Warnings">Things that are allowed but probably not meant.</param>
/// <param name="Summary">The flows per bad row type (as <c>validate</c> prints them), when valid.</param>
public sealed record ValidationDto(bool Valid, IReadOnlyList<ProblemDto> Problems, IReadOnlyList<ProblemDto> Warnings, string? Summary);

/// <summary>The configuration file as the studio holds it.</summary>
public sealed record ConfigDto(string Path, string Text, ValidationDto Validation);

/// <summary>Rows with each outcome.</summary>
public sealed record OutcomeCounts(string Name, int Recovered, int Failed, int Unrecoverable);

/// <summary>A failure group of the shown run.</summary>
public sealed record GroupDto(string BadRowType, string Outcome, string Reason, int Count, IReadOnlyList<string> Examples);

/// <summary>Verdicts on the recovered rows' payloads.</summary>
public sealed record VerificationDto(int Passed, int WouldFail, int NotVerified, int NotChecked);

/// <summary>A run's progress.</summary>
public sealed record RunStatusDto(int Number, string State, int Done, int Total, string? Error);

/// <summary>The overview of the shown run.</summary>
public sealed record OverviewDto(
    int? Run,
    int SampleSize,
    long LinesRead,
    IReadOnlyList<string> Inputs,
    string ConfigPath,
    bool Verifies,
    OutcomeCounts? Totals,
    IReadOnlyList<OutcomeCounts> ByType,
    IReadOnlyList<OutcomeCounts> ByFlow,
    IReadOnlyList<GroupDto> Groups,
    VerificationDto? Verification,
    RunStatusDto? Status,
    string? Problem
);

/// <summary>One row in a list of rows.</summary>
public sealed record RowDto(
    int Index,
    string Location,
    string BadRowType,
    string Outcome,
    string? Reason,
    IReadOnlyList<string> Flows,
    string? Verdict
);

/// <summary>A page of rows.</summary>
public sealed record RowsDto(int Run, int Total, int Page, int PageSize, IReadOnlyList<RowDto> Rows);

/// <summary>Rows that changed in one way, with the first of them.</summary>
public sealed record ChangedRowsDto(int Count, IReadOnlyList<RowDto> First);

/// <summary>What the shown run changed against the run before it.</summary>
public sealed record ChangesDto(
    int Before,
    int After,
    ChangedRowsDto NewlyRecovered,
    ChangedRowsDto NewlyFailed,
    ChangedRowsDto PayloadChanged,
    ChangedRowsDto ReasonChanged
);

/// <summary>The latest run started, and what the shown run changed.</summary>
public sealed record RunDto(RunStatusDto? Status, int? Shown, ChangesDto? Changes);

/// <summary>A saved configuration.</summary>
public sealed record SavedDto(string Path, string Backup);

/// <summary>A configuration as base64, for <c>--config</c> on a cluster.</summary>
public sealed record ExportDto(string Base64, string Command);
