using System.Text.Json.Nodes;
using EventRecovery.Studio.Tests.Fixtures;

namespace EventRecovery.Studio.Tests.Api;

/// <summary>What the Overview and Rows views read: counts, charts' figures, failure groups, filtered pages of rows, a row's
/// trace.</summary>
public sealed class OverviewAndRowsTests
{
    [Fact]
    public async Task Overview_counts_the_example_as_run_does()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var o = await studio.GetJsonAsync("/api/overview");
        Assert.Equal(1, (int)o["run"]!);
        Assert.Equal(8, (int)o["sampleSize"]!);
        Assert.Equal(6, (int)o["totals"]!["recovered"]!);
        Assert.Equal(1, (int)o["totals"]!["failed"]!);
        Assert.Equal(1, (int)o["totals"]!["unrecoverable"]!);
        var byType = o["byType"]!.AsArray().ToDictionary(t => (string)t!["name"]!);
        Assert.Equal((3, 1), ((int)byType["schema_violations"]!["recovered"]!, (int)byType["schema_violations"]!["failed"]!));
        Assert.Equal(1, (int)byType["size_violation"]!["unrecoverable"]!);
        Assert.Equal(2, (int)byType["adapter_failures"]!["recovered"]!);
        var byFlow = o["byFlow"]!.AsArray().ToDictionary(t => (string)t!["name"]!);
        Assert.Equal(2, (int)byFlow["legacy-android-app-id"]!["recovered"]!);
        Assert.Equal(2, (int)byFlow["button-click-1-0-1"]!["recovered"]!);
        Assert.Equal(1, (int)byFlow["(no flow)"]!["failed"]!);
        var groups = o["groups"]!.AsArray();
        Assert.Equal(2, groups.Count);
        var failed = groups.Single(g => (string)g!["outcome"]! == "failed")!;
        Assert.Equal("schema_violations", (string)failed["badRowType"]!);
        Assert.StartsWith("no configuration applies to this row", (string)failed["reason"]!);
        Assert.EndsWith(ExampleStudio.FailedRow, (string)failed["examples"]![0]!);
        Assert.Equal(JsonValueKind(null), o["verification"]?.GetValueKind());
    }

    private static System.Text.Json.JsonValueKind? JsonValueKind(JsonNode? node) => node?.GetValueKind();

    [Fact]
    public async Task Failure_groups_come_largest_first()
    {
        // Three copies of the failed row and one of the others: its group must lead.
        var lines = ExampleStudio.ExampleLines();
        var failed = lines.Single(l => l.Location.EndsWith(ExampleStudio.FailedRow, StringComparison.Ordinal));
        lines.AddRange([failed with { Location = "copy:1" }, failed with { Location = "copy:2" }]);
        await using var studio = await ExampleStudio.StartAsync(lines);
        var groups = (await studio.GetJsonAsync("/api/overview"))["groups"]!.AsArray();
        Assert.Equal([3, 1], groups.Select(g => (int)g!["count"]!));
        Assert.Equal("failed", (string)groups[0]!["outcome"]!);
    }

    [Fact]
    public async Task Rows_filter_by_outcome_type_flow_text_and_group()
    {
        await using var studio = await ExampleStudio.StartAsync();
        async Task<List<string>> Locations(string query) =>
            (await studio.GetJsonAsync("/api/rows?" + query))["rows"]!
                .AsArray()
                .Select(r => ((string)r!["location"]!).Split('/')[^1])
                .ToList();

        Assert.Equal([ExampleStudio.FailedRow], await Locations("outcome=failed"));
        Assert.Equal(["too-large.jsonl:1"], await Locations("outcome=unrecoverable"));
        Assert.Equal(6, (await Locations("outcome=recovered")).Count);
        Assert.Equal(["app-id.jsonl:1", "earlier-run.jsonl:1"], await Locations("type=adapter_failures"));
        Assert.Equal(["app-id.jsonl:1", "earlier-run.jsonl:1"], await Locations("flow=legacy-android-app-id"));
        Assert.Equal([ExampleStudio.FailedRow, "too-large.jsonl:1"], await Locations("flow=(no flow)"));
        Assert.Equal([ExampleStudio.FailedRow], await Locations("text=newsletter_signup"));
        Assert.Equal(["querystring.jsonl:1"], await Locations("text=Illegal%20character"));
        Assert.Equal(
            ["schema-version.jsonl:1", "schema-version.jsonl:2"],
            await Locations("type=schema_violations&outcome=recovered&flow=button-click-1-0-1")
        );
        var group = (await studio.GetJsonAsync("/api/overview"))["groups"]!.AsArray().Single(g => (string)g!["outcome"]! == "failed")!;
        Assert.Equal(
            [ExampleStudio.FailedRow],
            await Locations($"type=schema_violations&outcome=failed&reason={Uri.EscapeDataString((string)group["reason"]!)}")
        );
        Assert.Empty(await Locations("text=no-row-holds-this"));
    }

    [Fact]
    public async Task Rows_come_in_pages()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var seen = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            var body = await studio.GetJsonAsync($"/api/rows?size=3&page={page}");
            Assert.Equal(8, (int)body["total"]!);
            seen.AddRange(body["rows"]!.AsArray().Select(r => (int)r!["index"]!));
        }
        Assert.Equal(Enumerable.Range(0, 8), seen);
        Assert.Empty((await studio.GetJsonAsync("/api/rows?size=3&page=4"))["rows"]!.AsArray());
        foreach (var bad in new[] { "size=0", "size=501", "page=0", "page=x" })
        {
            using var response = await studio.Client.GetAsync("/api/rows?" + bad);
            Assert.Equal(400, (int)response.StatusCode);
        }
    }

    [Fact]
    public async Task A_failed_rows_trace_names_the_condition_and_the_value_it_saw()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var body = await studio.GetJsonAsync($"/api/rows/{studio.IndexOf(ExampleStudio.FailedRow)}");
        var trace = body["trace"]!;
        Assert.Equal("failed", (string)trace["outcome"]!["kind"]!);
        var flow = trace["flows"]!.AsArray().First(f => (string)f!["name"]! == "button-click-1-0-1")!;
        Assert.False((bool)flow["applied"]!);
        var condition = flow["conditions"]![0]!;
        Assert.False((bool)condition["held"]!);
        Assert.Equal("iglu:com.acme/newsletter_signup/jsonschema/1-0-0", (string)condition["found"]![0]!);
        Assert.Contains("newsletter_signup", (string)body["line"]!);
        Assert.Null(body["verification"]);
    }

    [Fact]
    public async Task A_recovered_rows_trace_shows_each_step_before_and_after_and_the_payload_decoded()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var trace = (await studio.GetJsonAsync($"/api/rows/{studio.IndexOf("context-fix.jsonl:1")}"))["trace"]!;
        Assert.Equal("recovered", (string)trace["outcome"]!["kind"]!);
        var step = trace["flows"]!.AsArray().Single(f => (bool)f!["applied"]!)!["steps"]![0]!;
        Assert.Equal("Cast", (string)step["op"]!);
        Assert.Equal("37", (string)step["before"]![0]!);
        Assert.Equal(37, (int)step["after"]![0]!);
        var cx = trace["outcome"]!["decoded"]!["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "cx")!;
        Assert.Equal(37, (int)cx["json"]!["data"]![0]!["data"]!["age"]!);
    }

    [Fact]
    public async Task A_row_outside_the_sample_is_not_found()
    {
        await using var studio = await ExampleStudio.StartAsync();
        foreach (var path in new[] { "/api/rows/8", "/api/rows/-1", "/api/rows/99999999999", "/api/rows/..%2F..%2Fetc%2Fpasswd" })
        {
            using var response = await studio.Client.GetAsync(path);
            Assert.Equal(404, (int)response.StatusCode);
        }
    }
}
