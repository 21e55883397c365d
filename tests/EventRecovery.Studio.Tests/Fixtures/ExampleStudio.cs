using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Job.Verification;
using EventRecovery.Studio.Configs;
using EventRecovery.Studio.Hosting;
using EventRecovery.Studio.Runs;
using EventRecovery.Studio.Samples;
using EventRecovery.Testing;

namespace EventRecovery.Studio.Tests.Fixtures;

/// <summary>
/// A real studio server on loopback, in this process, over the repository's example (examples/: 8 rows, 6 recovered,
/// 1 failed, 1 unrecoverable) with a temporary copy of its configuration, and a client that sends the token.
/// </summary>
public sealed class ExampleStudio : IAsyncDisposable
{
    /// <summary>The example's failed row: a newsletter_signup event no flow's condition expects.</summary>
    public const string FailedRow = "schema-version.jsonl:3";

    private ExampleStudio(string folder, StudioSession session, StudioServer server)
    {
        Folder = folder;
        Session = session;
        Server = server;
        Client = new HttpClient { BaseAddress = server.Address };
        Client.DefaultRequestHeaders.Add(StudioServer.TokenHeader, server.Token.Value);
    }

    public static string Examples => Path.Combine(Loopback.RepositoryRoot(), "examples");

    /// <summary>The temporary folder holding the configuration's copy.</summary>
    public string Folder { get; }

    /// <summary>The configuration file the studio edits (a copy of examples/config.json).</summary>
    public string ConfigPath => Path.Combine(Folder, "config.json");

    public StudioSession Session { get; }

    public StudioServer Server { get; }

    /// <summary>Sends the token with every request.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts the studio; its first run has finished when this returns.</summary>
    /// <param name="lines">The sample; default: the example's lines.</param>
    /// <param name="maxBodyBytes">The request body bound.</param>
    /// <param name="resolver">
    /// Verify against an embedded Iglu repository: the reference schemas, plus com.acme's button_click 1-0-1,
    /// newsletter_signup 1-0-1 and customer 1-0-0 (whose age is at most 30: the example's customer row would fail).
    /// </param>
    public static async Task<ExampleStudio> StartAsync(
        IReadOnlyList<SampleLine>? lines = null,
        long maxBodyBytes = 1024 * 1024,
        bool resolver = false
    )
    {
        var folder = Path.Combine(Path.GetTempPath(), "event-recovery-studio-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Examples, "config.json"), Path.Combine(folder, "config.json"));
        lines ??= ExampleLines();
        var options = new RecoveryOptions();
        var verification = resolver ? RunVerification.Create(VerifyMode.Report, ResolverConfig(folder), options) : null;
        var session = new StudioSession(
            new Sample(lines, lines.Count, [Path.Combine(Examples, "bad-rows")]),
            new ConfigFile(Path.Combine(folder, "config.json")),
            options,
            verification?.Check,
            verification?.Resolver
        );
        Assert.True(session.Start(), "the example configuration is valid");
        await session.Runner.WhenIdle();
        var server = await StudioServer.StartAsync(session, new StudioSettings { MaxBodyBytes = maxBodyBytes });
        return new ExampleStudio(folder, session, server);
    }

    /// <summary>Writes the embedded repository below <paramref name="folder"/> and returns the resolver configuration's JSON.</summary>
    private static string ResolverConfig(string folder)
    {
        var root = Path.Combine(folder, "iglu");
        var reference = ReferenceData.Folder("iglu-schemas");
        foreach (var file in Directory.EnumerateFiles(reference, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, "schemas", Path.GetRelativePath(reference, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        void Schema(string name, string version, string properties)
        {
            var target = Path.Combine(root, "schemas", "com.acme", name, "jsonschema", version);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(
                target,
                $$"""
                {"self": {"vendor": "com.acme", "name": "{{name}}", "format": "jsonschema", "version": "{{version}}"},
                 "type": "object", "properties": {{properties}}}
                """
            );
        }
        Schema("button_click", "1-0-1", "{}");
        Schema("newsletter_signup", "1-0-1", "{}");
        Schema("customer", "1-0-0", """{"age": {"type": "integer", "maximum": 30}}""");
        return """
            {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3",
             "data": {"cacheSize": 500, "cacheTtl": 600, "repositories": [
               {"name": "local", "priority": 0, "vendorPrefixes": [], "connection": {"embedded": {"path": PATH}}}]}}
            """.Replace("PATH", System.Text.Json.JsonSerializer.Serialize(root), StringComparison.Ordinal);
    }

    /// <summary>Every line of examples/bad-rows, files in name order, as <c>FILE:LINE</c>.</summary>
    public static List<SampleLine> ExampleLines()
    {
        var lines = new List<SampleLine>();
        foreach (var file in Directory.GetFiles(Path.Combine(Examples, "bad-rows"), "*.jsonl").Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (line.Length == 0)
                    continue;
                var bytes = Encoding.UTF8.GetBytes(line);
                lines.Add(new SampleLine($"{file}:{number}", bytes, bytes.Length));
            }
        }
        return lines;
    }

    /// <summary>The example configuration with the first flow's condition widened to the newsletter event: it recovers the failed
    /// row.</summary>
    public static string FixedConfig() =>
        File.ReadAllText(Path.Combine(Examples, "config.json"))
            .Replace(
                "\"value\": { \"value\": \"iglu:com.acme/button_click/jsonschema/1-0-0\" }",
                "\"value\": { \"regex\": \"com\\\\.acme/(button_click|newsletter_signup)/jsonschema/1-0-0\" }",
                StringComparison.Ordinal
            );

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<(int Status, JsonNode Body)> PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>Waits for the run started last to end, then returns /api/runs/latest.</summary>
    public async Task<JsonNode> WaitForRunAsync()
    {
        await Session.Runner.WhenIdle();
        var status = Session.Runner.Status();
        Assert.NotNull(status);
        Assert.NotEqual(RunState.Running, status.State);
        return await GetJsonAsync("/api/runs/latest");
    }

    /// <summary>The index of the sample row at <paramref name="locationEnd"/> (e.g. <see cref="FailedRow"/>).</summary>
    public int IndexOf(string locationEnd)
    {
        for (var i = 0; i < Session.Sample.Lines.Count; i++)
            if (Session.Sample.Lines[i].Location.EndsWith("/" + locationEnd, StringComparison.Ordinal))
                return i;
        throw new InvalidOperationException($"no row {locationEnd} in the example");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Session.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException) { }
    }
}
