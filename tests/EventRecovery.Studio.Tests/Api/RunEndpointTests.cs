using EventRecovery.Studio.Runs;
using EventRecovery.Studio.Tests.Fixtures;

namespace EventRecovery.Studio.Tests.Api;

/// <summary>Re-runs: the edited config over the whole sample, what changed since the last run, one at a time, cancellable, off the request
/// thread.</summary>
public sealed class RunEndpointTests
{
    [Fact]
    public async Task A_rerun_with_the_fix_shows_the_row_newly_recovered()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var (status, started) = await studio.PostAsync("/api/runs", new { text = ExampleStudio.FixedConfig() });
        Assert.Equal(202, status);
        Assert.Equal(2, (int)started["number"]!);
        var run = await studio.WaitForRunAsync();
        Assert.Equal("finished", (string)run["status"]!["state"]!);
        Assert.Equal(2, (int)run["shown"]!);
        var changes = run["changes"]!;
        Assert.Equal((1, 2), ((int)changes["before"]!, (int)changes["after"]!));
        Assert.Equal(1, (int)changes["newlyRecovered"]!["count"]!);
        Assert.EndsWith(ExampleStudio.FailedRow, (string)changes["newlyRecovered"]!["first"]![0]!["location"]!);
        Assert.Equal(0, (int)changes["newlyFailed"]!["count"]!);
        Assert.Equal(0, (int)changes["payloadChanged"]!["count"]!);
        var overview = await studio.GetJsonAsync("/api/overview");
        Assert.Equal(7, (int)overview["totals"]!["recovered"]!);
        var trace = (await studio.GetJsonAsync($"/api/rows/{studio.IndexOf(ExampleStudio.FailedRow)}"))["trace"]!;
        Assert.Equal("recovered", (string)trace["outcome"]!["kind"]!);
        // A re-run is not a save.
        Assert.NotEqual(ExampleStudio.FixedConfig(), await File.ReadAllTextAsync(studio.ConfigPath));
    }

    [Fact]
    public async Task A_rerun_reports_newly_failed_rows_and_changed_payloads()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var text = (await File.ReadAllTextAsync(studio.ConfigPath))
            // The app-id flow now sets another value: both its rows' payloads change.
            .Replace("\"value\": \"acme-android\"", "\"value\": \"acme-android-2\"", StringComparison.Ordinal)
            // The cast's path no longer exists in the context row: it fails.
            .Replace(".data.age\", \"from\"", ".data.years\", \"from\"", StringComparison.Ordinal);
        Assert.Equal(202, (await studio.PostAsync("/api/runs", new { text })).Status);
        var changes = (await studio.WaitForRunAsync())["changes"]!;
        Assert.Equal(0, (int)changes["newlyRecovered"]!["count"]!);
        Assert.Equal(
            ["context-fix.jsonl:1"],
            changes["newlyFailed"]!["first"]!.AsArray().Select(r => ((string)r!["location"]!).Split('/')[^1])
        );
        Assert.Equal(
            ["app-id.jsonl:1", "earlier-run.jsonl:1"],
            changes["payloadChanged"]!["first"]!.AsArray().Select(r => ((string)r!["location"]!).Split('/')[^1])
        );
    }

    [Fact]
    public async Task An_invalid_config_is_not_run()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var (status, body) = await studio.PostAsync(
            "/api/runs",
            new { text = ExampleStudio.FixedConfig().Replace("\"Cast\"", "\"Caste\"", StringComparison.Ordinal) }
        );
        Assert.Equal(400, status);
        Assert.Contains("not run", (string)body["error"]!);
        Assert.NotNull(body["problems"]![0]!["line"]);
        Assert.Equal(1, studio.Session.Runner.Status()!.Number);
    }

    [Fact]
    public async Task One_run_at_a_time_cancellable_and_the_server_answers_meanwhile()
    {
        await using var studio = await ExampleStudio.StartAsync();
        // Hold the run at its third row until cancelled: it is certainly under way while the requests below are made.
        using var held = new ManualResetEventSlim(false);
        var rows = 0;
        studio.Session.Runner.BeforeEachRow = cancel =>
        {
            if (Interlocked.Increment(ref rows) == 3)
                held.Wait(cancel);
            cancel.ThrowIfCancellationRequested();
        };
        var (status, started) = await studio.PostAsync("/api/runs", new { text = ExampleStudio.FixedConfig() });
        Assert.Equal(202, status);
        var number = (int)started["number"]!;
        while (Volatile.Read(ref rows) < 3)
            await Task.Delay(10);

        // The server is not held up by the run: every view answers, from the last finished run.
        var overview = await studio.GetJsonAsync("/api/overview");
        Assert.Equal(1, (int)overview["run"]!);
        Assert.Equal("running", (string)overview["status"]!["state"]!);
        Assert.Equal(6, (int)overview["totals"]!["recovered"]!);
        var latest = await studio.GetJsonAsync("/api/runs/latest");
        Assert.Equal(2, (int)latest["status"]!["done"]!);
        Assert.Equal(8, (int)latest["status"]!["total"]!);

        // A second run is refused while the first runs.
        var (second, refusal) = await studio.PostAsync("/api/runs", new { text = ExampleStudio.FixedConfig() });
        Assert.Equal(409, second);
        Assert.Contains("still running", (string)refusal["error"]!);

        // Cancel: the run stops, the shown run stays the first.
        Assert.Equal(409, (await studio.PostAsync($"/api/runs/{number + 1}/cancel", new { })).Status);
        Assert.Equal(200, (await studio.PostAsync($"/api/runs/{number}/cancel", new { })).Status);
        var ended = await studio.WaitForRunAsync();
        Assert.Equal("cancelled", (string)ended["status"]!["state"]!);
        Assert.Equal(1, (int)ended["shown"]!);
        Assert.Equal(6, (int)(await studio.GetJsonAsync("/api/overview"))["totals"]!["recovered"]!);
        Assert.Equal(409, (await studio.PostAsync($"/api/runs/{number}/cancel", new { })).Status);

        // And the next run goes through.
        studio.Session.Runner.BeforeEachRow = null;
        Assert.Equal(202, (await studio.PostAsync("/api/runs", new { text = ExampleStudio.FixedConfig() })).Status);
        var finished = await studio.WaitForRunAsync();
        Assert.Equal(RunState.Finished.ToString().ToLowerInvariant(), (string)finished["status"]!["state"]!);
        Assert.Equal(1, (int)finished["changes"]!["newlyRecovered"]!["count"]!);
        Assert.Equal(1, (int)finished["changes"]!["before"]!);
    }
}
