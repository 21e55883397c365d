using System.Text;
using System.Text.Json;
using EventRecovery.Core.Explain;
using EventRecovery.Core.Verification;
using EventRecovery.Studio.Configs;
using EventRecovery.Studio.Hosting;
using EventRecovery.Studio.Runs;
using EventRecovery.Studio.Suggestions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EventRecovery.Studio.Api;

/// <summary>
/// The endpoints the page calls. Each reads only the session (the sample in memory and the configuration file); none
/// takes a path from the request. Handlers are plain request delegates writing source-generated JSON (native code).
/// </summary>
internal static class StudioApi
{
    /// <summary>Rows listed at most per page.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Changed rows listed per kind of change (the counts are whole).</summary>
    public const int ChangedRowsListed = 100;

    /// <summary>Characters of the original line sent with a trace.</summary>
    public const int MaxLineChars = 200_000;

    public static void Map(IEndpointRouteBuilder app, StudioSession session)
    {
        app.MapGet("/api/overview", new RequestDelegate(c => Overview(c, session)));
        app.MapGet("/api/rows", new RequestDelegate(c => Rows(c, session)));
        app.MapGet("/api/rows/{index:int}", new RequestDelegate(c => Trace(c, session)));
        app.MapGet("/api/config", new RequestDelegate(c => Config(c, session)));
        app.MapPost("/api/config/validate", new RequestDelegate(c => Validate(c, session)));
        app.MapPost("/api/config/save", new RequestDelegate(c => Save(c, session)));
        app.MapPost("/api/config/export", new RequestDelegate(c => Export(c, session)));
        app.MapGet("/api/runs/latest", new RequestDelegate(c => LatestRun(c, session)));
        app.MapPost("/api/runs", new RequestDelegate(c => StartRun(c, session)));
        app.MapPost("/api/runs/{number:int}/cancel", new RequestDelegate(c => CancelRun(c, session)));
        app.MapGet("/api/suggestions", new RequestDelegate(c => SuggestionsOf(c, session)));
    }

    private static Task Overview(HttpContext context, StudioSession session)
    {
        var shown = session.Runner.Shown;
        var status = StatusDto(session.Runner.Status());
        string? problem = null;
        if (shown is null && status is null)
            problem = "the configuration file is invalid: fix it in Config, then re-run";
        if (shown is null)
            return Json(
                context,
                new OverviewDto(
                    null,
                    session.Sample.Lines.Count,
                    session.Sample.LinesRead,
                    session.Sample.Inputs,
                    session.Config.Path,
                    session.Verifies,
                    null,
                    [],
                    [],
                    [],
                    null,
                    status,
                    problem
                ),
                StudioJsonContext.Default.OverviewDto
            );
        var run = shown.Run;
        var rows = run.Rows;
        var totals = Counts("all", rows);
        var byType = rows.GroupBy(r => r.BadRowType)
            .Select(g => Counts(g.Key, g.ToList()))
            .OrderByDescending(c => c.Recovered + c.Failed + c.Unrecoverable)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var byFlow = rows.SelectMany(r =>
                r.Flows.Count == 0 ? [(Flow: "(no flow)", Row: r)] : r.Flows.Distinct().Select(f => (Flow: f, Row: r))
            )
            .GroupBy(p => p.Flow)
            .Select(g => Counts(g.Key, g.Select(p => p.Row).ToList()))
            .OrderBy(c => c.Name == "(no flow)")
            .ThenByDescending(c => c.Recovered + c.Failed + c.Unrecoverable)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var groups = run
            .Groups.Select(g => new GroupDto(
                g.BadRowType,
                g.Outcome,
                g.Reason,
                g.Rows.Count,
                g.Rows.Take(3).Select(i => session.Sample.Lines[i].Location).ToList()
            ))
            .ToList();
        VerificationDto? verification = null;
        if (session.Verifies)
        {
            int Verdicts(VerdictKind kind) => rows.Count(r => r.Verdict?.Kind == kind);
            verification = new VerificationDto(
                Verdicts(VerdictKind.Passed),
                Verdicts(VerdictKind.WouldFail),
                Verdicts(VerdictKind.NotVerified),
                Verdicts(VerdictKind.NotChecked)
            );
        }
        return Json(
            context,
            new OverviewDto(
                run.Number,
                session.Sample.Lines.Count,
                session.Sample.LinesRead,
                session.Sample.Inputs,
                session.Config.Path,
                session.Verifies,
                totals,
                byType,
                byFlow,
                groups,
                verification,
                status,
                null
            ),
            StudioJsonContext.Default.OverviewDto
        );
    }

    private static OutcomeCounts Counts(string name, IReadOnlyCollection<RowResult> rows) =>
        new(
            name,
            rows.Count(r => r.Outcome == Outcomes.Recovered),
            rows.Count(r => r.Outcome == Outcomes.Failed),
            rows.Count(r => r.Outcome == Outcomes.Unrecoverable)
        );

    private static Task Rows(HttpContext context, StudioSession session)
    {
        if (session.Runner.Shown is not { } shown)
            return NoRunYet(context);
        var query = context.Request.Query;
        string? Filter(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        var (outcome, type, flow, reason, text) = (Filter("outcome"), Filter("type"), Filter("flow"), Filter("reason"), Filter("text"));
        if (!int.TryParse(query["page"].ToString() is { Length: > 0 } p ? p : "1", out var page) || page < 1)
            return Error(context, 400, "page: expected a number from 1");
        if (!int.TryParse(query["size"].ToString() is { Length: > 0 } s ? s : "50", out var size) || size < 1 || size > MaxPageSize)
            return Error(context, 400, $"size: expected a number from 1 to {MaxPageSize}");
        var needle = text is null ? null : Encoding.UTF8.GetBytes(text);
        var matching = new List<int>();
        for (var i = 0; i < shown.Run.Rows.Count; i++)
        {
            var row = shown.Run.Rows[i];
            if (outcome is not null && row.Outcome != outcome)
                continue;
            if (type is not null && row.BadRowType != type)
                continue;
            if (flow is not null && !(flow == "(no flow)" ? row.Flows.Count == 0 : row.Flows.Contains(flow)))
                continue;
            if (reason is not null && row.ReasonClass != reason)
                continue;
            if (
                needle is not null
                && session.Sample.Lines[i].Bytes.Span.IndexOf(needle) < 0
                && row.Reason?.Contains(text!, StringComparison.OrdinalIgnoreCase) != true
            )
                continue;
            matching.Add(i);
        }
        var rows = matching.Skip((page - 1) * size).Take(size).Select(i => Row(session, shown.Run, i)).ToList();
        return Json(context, new RowsDto(shown.Run.Number, matching.Count, page, size, rows), StudioJsonContext.Default.RowsDto);
    }

    private static RowDto Row(StudioSession session, SampleRun run, int index)
    {
        var row = run.Rows[index];
        return new RowDto(
            index,
            session.Sample.Lines[index].Location,
            row.BadRowType,
            row.Outcome,
            row.Reason,
            row.Flows,
            VerdictName(row.Verdict)
        );
    }

    private static string? VerdictName(PayloadVerdict? verdict) =>
        verdict?.Kind switch
        {
            null => null,
            VerdictKind.Passed => "passed",
            VerdictKind.WouldFail => "would fail",
            VerdictKind.NotVerified => "not verified",
            _ => "not checked",
        };

    private static async Task Trace(HttpContext context, StudioSession session)
    {
        if (session.Runner.Shown is not { } shown)
        {
            await NoRunYet(context);
            return;
        }
        var index = int.Parse((string)context.Request.RouteValues["index"]!, System.Globalization.CultureInfo.InvariantCulture);
        if (index < 0 || index >= session.Sample.Lines.Count)
        {
            await Error(context, 404, $"no row {index}: the sample has rows 0 to {session.Sample.Lines.Count - 1}");
            return;
        }
        var trace = shown.Run.Trace(session.Sample, index);
        var row = shown.Run.Rows[index];
        var line = session.Sample.Lines[index];
        var text = Encoding.UTF8.GetString(line.Bytes.Span);
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteNumber("run", shown.Run.Number);
        writer.WriteNumber("index", index);
        writer.WritePropertyName("trace");
        writer.WriteRawValue(TraceJson.Write(trace), skipInputValidation: true);
        writer.WritePropertyName("verification");
        if (row.Verdict is { } verdict)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", VerdictName(verdict));
            writer.WriteString("reason", verdict.Reason);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }
        writer.WriteString("line", text.Length > MaxLineChars ? text[..MaxLineChars] : text);
        writer.WriteBoolean("lineShortened", text.Length > MaxLineChars || line.IsTruncated);
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    private static Task Config(HttpContext context, StudioSession session)
    {
        var text = session.Config.Text;
        return Json(context, new ConfigDto(session.Config.Path, text, Validation(session, text)), StudioJsonContext.Default.ConfigDto);
    }

    private static ValidationDto Validation(StudioSession session, string text)
    {
        var validation = session.Validate(text);
        ProblemDto Dto(Core.Configuration.ConfigProblem p) => new(p.Location, p.Message, JsonTextLocations.LineOf(text, p.Location));
        var summary = validation.Config?.Describe();
        return new ValidationDto(
            validation.Config is not null,
            validation.Problems.Select(Dto).ToList(),
            validation.Warnings.Select(Dto).ToList(),
            summary
        );
    }

    private static async Task Validate(HttpContext context, StudioSession session)
    {
        if (await ReadConfig(context) is not { } request)
            return;
        await Json(context, Validation(session, request.Text!), StudioJsonContext.Default.ValidationDto);
    }

    private static async Task Save(HttpContext context, StudioSession session)
    {
        if (await ReadValidConfig(context, session, "save") is not { } request)
            return;
        bool saved;
        try
        {
            saved = session.Config.Save(request.Text!, request.Overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Error(context, 500, $"{session.Config.Path}: not saved: {e.Message}");
            return;
        }
        if (!saved)
        {
            await Error(
                context,
                409,
                $"{session.Config.Path} changed on disk since the studio read it: not saved, so that change is not lost "
                    + "(save again with overwrite to replace it)"
            );
            return;
        }
        await Json(context, new SavedDto(session.Config.Path, session.Config.BackupPath), StudioJsonContext.Default.SavedDto);
    }

    private static async Task Export(HttpContext context, StudioSession session)
    {
        if (await ReadValidConfig(context, session, "export") is not { } request)
            return;
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.Text!));
        await Json(context, new ExportDto(base64, $"event-recovery run --config {base64} …"), StudioJsonContext.Default.ExportDto);
    }

    private static Task LatestRun(HttpContext context, StudioSession session)
    {
        var shown = session.Runner.Shown;
        return Json(
            context,
            new RunDto(StatusDto(session.Runner.Status()), shown?.Run.Number, Changes(session, shown)),
            StudioJsonContext.Default.RunDto
        );
    }

    private static ChangesDto? Changes(StudioSession session, ShownRun? shown)
    {
        if (shown is not { Changes: { } changes })
            return null;
        ChangedRowsDto Listed(IReadOnlyList<int> rows) =>
            new(rows.Count, rows.Take(ChangedRowsListed).Select(i => Row(session, shown.Run, i)).ToList());
        return new ChangesDto(
            changes.Before,
            changes.After,
            Listed(changes.NewlyRecovered),
            Listed(changes.NewlyFailed),
            Listed(changes.PayloadChanged),
            Listed(changes.ReasonChanged)
        );
    }

    private static async Task StartRun(HttpContext context, StudioSession session)
    {
        if (await ReadConfig(context) is not { } request)
            return;
        var validation = session.Validate(request.Text!);
        if (validation.Config is null)
        {
            await Json(context, Invalid(session, request.Text!, "re-run"), StudioJsonContext.Default.ApiError, 400);
            return;
        }
        if (!session.Runner.TryStart(request.Text!, validation.Config, out var status))
        {
            await Json(
                context,
                new ApiError($"run {status.Number} is still running ({status.Done} of {status.Total} rows): cancel it or wait"),
                StudioJsonContext.Default.ApiError,
                409
            );
            return;
        }
        await Json(context, StatusDto(status)!, StudioJsonContext.Default.RunStatusDto, 202);
    }

    private static Task CancelRun(HttpContext context, StudioSession session)
    {
        var number = int.Parse((string)context.Request.RouteValues["number"]!, System.Globalization.CultureInfo.InvariantCulture);
        return session.Runner.Cancel(number)
            ? Json(context, StatusDto(session.Runner.Status())!, StudioJsonContext.Default.RunStatusDto)
            : Error(context, 409, $"run {number} is not running");
    }

    private static async Task SuggestionsOf(HttpContext context, StudioSession session)
    {
        if (session.Runner.Shown is not { } shown)
        {
            await NoRunYet(context);
            return;
        }
        var suggestions = await RepairSuggestions.ForAsync(shown.Run, session.Sample, session.Resolver, context.RequestAborted);
        await Json(context, suggestions, StudioJsonContext.Default.SuggestionsDto);
    }

    private static RunStatusDto? StatusDto(RunStatus? status) =>
        status is null
            ? null
            : new RunStatusDto(status.Number, status.State.ToString().ToLowerInvariant(), status.Done, status.Total, status.Error);

    private static ApiError Invalid(StudioSession session, string text, string action)
    {
        var validation = Validation(session, text);
        return new ApiError(
            $"the configuration is invalid ({validation.Problems.Count} "
                + $"problem{(validation.Problems.Count == 1 ? "" : "s")}): "
                + $"not {(action == "save" ? "saved" : action == "export" ? "exported" : "run")}",
            validation.Problems
        );
    }

    /// <summary>The request's configuration; null after answering 400 when there is none.</summary>
    private static async Task<ConfigRequest?> ReadConfig(HttpContext context)
    {
        ConfigRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(
                context.Request.Body,
                StudioJsonContext.Default.ConfigRequest,
                context.RequestAborted
            );
        }
        catch (JsonException e)
        {
            await Error(context, 400, $"the request body is not the JSON expected ({{\"text\": \"…\"}}): {e.Message}");
            return null;
        }
        if (request?.Text is null)
        {
            await Error(context, 400, "the request body has no \"text\": the configuration's JSON text");
            return null;
        }
        return request;
    }

    private static async Task<ConfigRequest?> ReadValidConfig(HttpContext context, StudioSession session, string action)
    {
        if (await ReadConfig(context) is not { } request)
            return null;
        if (session.Validate(request.Text!).Config is not null)
            return request;
        await Json(context, Invalid(session, request.Text!, action), StudioJsonContext.Default.ApiError, 400);
        return null;
    }

    private static Task NoRunYet(HttpContext context) =>
        Error(context, 409, "no run has finished yet: wait for the first run, or fix the configuration and re-run");

    internal static Task Error(HttpContext context, int status, string message) =>
        Json(context, new ApiError(message), StudioJsonContext.Default.ApiError, status);

    private static Task Json<T>(
        HttpContext context,
        T value,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        int status = 200
    )
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, type, "application/json; charset=utf-8", context.RequestAborted);
    }
}
