using System.Text;
using EventRecovery.Studio.Tests.Fixtures;

namespace EventRecovery.Studio.Tests.Api;

/// <summary>The Config view's endpoints: validate as you type, save (atomic, keeping .bak, only valid text), export, bounded
/// bodies.</summary>
public sealed class ConfigEndpointTests
{
    [Fact]
    public async Task The_config_is_served_as_the_file_holds_it_with_its_validation()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var body = await studio.GetJsonAsync("/api/config");
        Assert.Equal(studio.ConfigPath, (string)body["path"]!);
        Assert.Equal(await File.ReadAllTextAsync(studio.ConfigPath), (string)body["text"]!);
        Assert.True((bool)body["validation"]!["valid"]!);
        Assert.StartsWith("4 flows", (string)body["validation"]!["summary"]!);
    }

    [Fact]
    public async Task Validation_lists_every_problem_at_its_JSON_location_and_line()
    {
        await using var studio = await ExampleStudio.StartAsync();
        // Two mistakes a person makes while editing: an unknown step op and a path that does not parse.
        var text = ExampleStudio
            .FixedConfig()
            .Replace("{ \"op\": \"Cast\",", "{ \"op\": \"Caste\",", StringComparison.Ordinal)
            .Replace(
                "\"path\": \"$.querystring[?(@.name=~aid)].value\", \"value\": \"acme-android\"",
                "\"path\": \"$.querystring[?(@.name=~aid\", \"value\": \"acme-android\"",
                StringComparison.Ordinal
            );
        var (status, body) = await studio.PostAsync("/api/config/validate", new { text });
        Assert.Equal(200, status);
        Assert.False((bool)body["valid"]!);
        var problems = body["problems"]!.AsArray();
        Assert.Equal(2, problems.Count);
        var lines = text.Split('\n');
        foreach (var problem in problems)
        {
            var line = (int)problem!["line"]!;
            var location = (string)problem["location"]!;
            Assert.StartsWith("data[\"iglu:com.snowplowanalytics.snowplow.badrows/", location);
            // The line shown is the one holding what the location names.
            var expected = location.EndsWith(".op", StringComparison.Ordinal) ? "\"Caste\"" : "(@.name=~aid\"";
            Assert.Contains(expected, lines[line - 1]);
        }
    }

    [Fact]
    public async Task Text_that_is_not_JSON_is_placed_at_the_line_where_it_breaks()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var text = ExampleStudio.FixedConfig();
        var lines = text.Split('\n').ToList();
        var at = lines.FindIndex(l => l.Contains("\"name\": \"customer-age-number\"", StringComparison.Ordinal));
        lines[at] = lines[at].TrimEnd(',') + " ,,";
        var (_, body) = await studio.PostAsync("/api/config/validate", new { text = string.Join('\n', lines) });
        Assert.False((bool)body["valid"]!);
        var problem = body["problems"]![0]!;
        Assert.Contains("not valid JSON", (string)problem["message"]!);
        Assert.Equal(at + 1, (int)problem["line"]!);
    }

    [Fact]
    public async Task A_path_given_as_the_config_text_is_not_read()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var secret = Path.Combine(studio.Folder, "secret.json");
        await File.WriteAllTextAsync(secret, ExampleStudio.FixedConfig());
        foreach (var endpoint in new[] { "/api/config/validate", "/api/runs", "/api/config/save", "/api/config/export" })
        {
            var (status, body) = await studio.PostAsync(endpoint, new { text = secret });
            Assert.True(
                endpoint.EndsWith("validate", StringComparison.Ordinal) ? status == 200 : status == 400,
                $"{endpoint}: {status} {body}"
            );
            Assert.Contains("neither JSON", body.ToJsonString());
        }
        Assert.Equal(1, studio.Session.Runner.Status()!.Number);
    }

    [Fact]
    public async Task Save_replaces_the_file_and_keeps_the_previous_text_as_bak()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var original = await File.ReadAllTextAsync(studio.ConfigPath);
        var fixedText = ExampleStudio.FixedConfig();
        var (status, body) = await studio.PostAsync("/api/config/save", new { text = fixedText });
        Assert.Equal(200, status);
        Assert.Equal(studio.ConfigPath + ".bak", (string)body["backup"]!);
        Assert.Equal(fixedText, await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.Equal(original, await File.ReadAllTextAsync(studio.ConfigPath + ".bak"));
        // A second save keeps the text it replaced: the first save's.
        var again = fixedText.Replace("legacy-android-app-id", "legacy-android-app", StringComparison.Ordinal);
        Assert.Equal(200, (await studio.PostAsync("/api/config/save", new { text = again })).Status);
        Assert.Equal(again, await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.Equal(fixedText, await File.ReadAllTextAsync(studio.ConfigPath + ".bak"));
        // Nothing else is left in the folder (no temporary file).
        Assert.Equal(["config.json", "config.json.bak"], Directory.GetFiles(studio.Folder).Select(Path.GetFileName).Order());
        // The served text is the saved one.
        Assert.Equal(again, (string)(await studio.GetJsonAsync("/api/config"))["text"]!);
    }

    [Fact]
    public async Task An_invalid_config_is_not_saved()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var original = await File.ReadAllTextAsync(studio.ConfigPath);
        var (status, body) = await studio.PostAsync("/api/config/save", new { text = "{\"schema\": \"iglu:x\"}" });
        Assert.Equal(400, status);
        Assert.Contains("not saved", (string)body["error"]!);
        Assert.NotEmpty(body["problems"]!.AsArray());
        Assert.Equal(original, await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.False(File.Exists(studio.ConfigPath + ".bak"));
    }

    [Fact]
    public async Task A_file_changed_on_disk_is_not_overwritten_unless_asked()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var theirs = (await File.ReadAllTextAsync(studio.ConfigPath)).Replace(
            "customer-age-number",
            "customer-age",
            StringComparison.Ordinal
        );
        await File.WriteAllTextAsync(studio.ConfigPath, theirs);
        var (status, body) = await studio.PostAsync("/api/config/save", new { text = ExampleStudio.FixedConfig() });
        Assert.Equal(409, status);
        Assert.Contains("changed on disk", (string)body["error"]!);
        Assert.Equal(theirs, await File.ReadAllTextAsync(studio.ConfigPath));
        (status, _) = await studio.PostAsync("/api/config/save", new { text = ExampleStudio.FixedConfig(), overwrite = true });
        Assert.Equal(200, status);
        Assert.Equal(ExampleStudio.FixedConfig(), await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.Equal(theirs, await File.ReadAllTextAsync(studio.ConfigPath + ".bak"));
    }

    [Fact]
    public async Task Export_gives_the_config_as_base64_for_the_command_line()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var text = ExampleStudio.FixedConfig();
        var (status, body) = await studio.PostAsync("/api/config/export", new { text });
        Assert.Equal(200, status);
        Assert.Equal(text, Encoding.UTF8.GetString(Convert.FromBase64String((string)body["base64"]!)));
        var (invalid, _) = await studio.PostAsync("/api/config/export", new { text = "{}" });
        Assert.Equal(400, invalid);
    }

    [Fact]
    public async Task Request_bodies_over_the_bound_are_refused()
    {
        await using var studio = await ExampleStudio.StartAsync(maxBodyBytes: 64 * 1024);
        var original = await File.ReadAllTextAsync(studio.ConfigPath);
        var huge = $$"""{"text": "{{new string('x', 100 * 1024)}}"}""";
        foreach (var endpoint in new[] { "/api/config/validate", "/api/config/save", "/api/runs" })
        {
            // Announced with Content-Length, and streamed without one.
            using var sized = await studio.Client.PostAsync(endpoint, new StringContent(huge, Encoding.UTF8, "application/json"));
            Assert.Equal(413, (int)sized.StatusCode);
            using var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
            streamed.Headers.ContentType = new("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = streamed };
            request.Headers.TransferEncodingChunked = true;
            using var chunked = await studio.Client.SendAsync(request);
            Assert.Equal(413, (int)chunked.StatusCode);
        }
        Assert.Equal(original, await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.Equal(1, studio.Session.Runner.Status()!.Number);
    }

    [Fact]
    public async Task A_request_without_a_config_text_is_refused_in_words()
    {
        await using var studio = await ExampleStudio.StartAsync();
        using var notJson = await studio.Client.PostAsync(
            "/api/config/validate",
            new StringContent("text=1", Encoding.UTF8, "application/json")
        );
        Assert.Equal(400, (int)notJson.StatusCode);
        var (status, body) = await studio.PostAsync("/api/config/validate", new { other = 1 });
        Assert.Equal(400, status);
        Assert.Contains("\"text\"", (string)body["error"]!);
    }
}
