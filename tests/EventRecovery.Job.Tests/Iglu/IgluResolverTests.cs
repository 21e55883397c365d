using System.Text.Json.Nodes;
using EventRecovery.Core.Configuration;
using EventRecovery.Job.Iglu;

namespace EventRecovery.Job.Tests.Iglu;

/// <summary>The resolver against real repositories: Kestrel on loopback serving Iglu Central's schemas, and local directories.</summary>
public sealed class IgluResolverTests : IAsyncLifetime
{
    private const string PayloadData = "com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";
    private static readonly SchemaKey PayloadDataKey = SchemaKey.TryParse("iglu:" + PayloadData)!;
    private static readonly SchemaKey AcmeKey = SchemaKey.TryParse("iglu:com.acme/thing/jsonschema/1-0-0")!;

    // Short waits between attempts; an attempt timeout no loaded machine reaches, so that attempts are counted exactly.
    private static readonly ResolverRetry FastRetry = new()
    {
        FirstDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromMinutes(2),
    };

    private IgluServer _central = null!;
    private readonly string _embedded = Directory.CreateTempSubdirectory("iglu-embedded-").FullName;

    public async Task InitializeAsync() => _central = await IgluServer.StartAsync(IgluServer.ReferenceSchemas);

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        Directory.Delete(_embedded, recursive: true);
    }

    private static string Schema(string vendor, string name, string version, string marker, string? supersededBy = null) =>
        new JsonObject
        {
            ["$schema"] = "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
            ["description"] = marker,
            ["self"] = new JsonObject
            {
                ["vendor"] = vendor,
                ["name"] = name,
                ["format"] = "jsonschema",
                ["version"] = version,
            },
            ["type"] = "object",
            ["$supersededBy"] = supersededBy,
        }.ToJsonString();

    private static RepositorySettings Http(string name, int priority, Uri uri, string? apikey = null, params string[] prefixes) =>
        new(name, priority, prefixes, new HttpConnection(uri, apikey));

    private static RepositorySettings Embedded(string name, int priority, string path, params string[] prefixes) =>
        new(name, priority, prefixes, new EmbeddedConnection(path));

    private static IgluResolver Resolver(int cacheSize = 100, TimeSpan? ttl = null, params RepositorySettings[] repositories) =>
        new(new ResolverSettings(cacheSize, ttl, repositories), FastRetry);

    private static string Description(SchemaLookup lookup) => JsonNode.Parse(lookup.Schema!)!["description"]!.GetValue<string>();

    private void Embed(SchemaKey key, string text)
    {
        var file = Path.Combine(_embedded, "schemas", key.Vendor, key.Name, key.Format, key.Version);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    [Fact]
    public async Task Finds_an_Iglu_Central_schema_over_http()
    {
        using var resolver = Resolver(repositories: Http("Iglu Central", 0, _central.Uri));
        var lookup = await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(LookupKind.Found, lookup.Kind);
        Assert.Equal("Iglu Central", lookup.Repository);
        Assert.Equal("Schema for a Snowplow payload", JsonNode.Parse(lookup.Schema!)!["description"]!.GetValue<string>());
        Assert.Equal(1, _central.RequestsFor(PayloadData));
    }

    [Fact]
    public async Task Embedded_repositories_come_before_http_whatever_their_priority()
    {
        _central.Schemas["com.acme/thing/jsonschema/1-0-0"] = Schema("com.acme", "thing", "1-0-0", "from http");
        Embed(AcmeKey, Schema("com.acme", "thing", "1-0-0", "from the directory"));
        using var resolver = Resolver(repositories: [Http("http", 0, _central.Uri), Embedded("local", 9, _embedded)]);
        Assert.Equal(["local", "http"], resolver.Order("com.acme"));
        var lookup = await resolver.LookupAsync(AcmeKey);
        Assert.Equal("from the directory", Description(lookup));
        Assert.Equal(0, _central.RequestsFor("com.acme/thing/jsonschema/1-0-0"));
    }

    [Fact]
    public async Task A_vendor_prefix_match_comes_first_then_priority()
    {
        await using var acme = await IgluServer.StartAsync();
        acme.Schemas["com.acme/thing/jsonschema/1-0-0"] = Schema("com.acme", "thing", "1-0-0", "acme's");
        _central.Schemas["com.acme/thing/jsonschema/1-0-0"] = Schema("com.acme", "thing", "1-0-0", "central's");
        using var resolver = Resolver(repositories: [Http("central", 0, _central.Uri), Http("acme", 10, acme.Uri, null, "com.acme")]);
        Assert.Equal(["acme", "central"], resolver.Order("com.acme.marketing"));
        Assert.Equal(["central", "acme"], resolver.Order("com.snowplowanalytics.snowplow"));
        Assert.Equal("acme's", Description(await resolver.LookupAsync(AcmeKey)));
    }

    [Fact]
    public async Task Among_equals_the_lower_priority_is_asked_first()
    {
        await using var second = await IgluServer.StartAsync();
        second.Schemas["com.acme/thing/jsonschema/1-0-0"] = Schema("com.acme", "thing", "1-0-0", "priority 1");
        _central.Schemas["com.acme/thing/jsonschema/1-0-0"] = Schema("com.acme", "thing", "1-0-0", "priority 5");
        using var resolver = Resolver(repositories: [Http("five", 5, _central.Uri), Http("one", 1, second.Uri)]);
        Assert.Equal("priority 1", Description(await resolver.LookupAsync(AcmeKey)));
    }

    [Fact]
    public async Task Not_found_falls_through_to_the_next_repository()
    {
        await using var empty = await IgluServer.StartAsync();
        using var resolver = Resolver(repositories: [Http("empty", 0, empty.Uri), Http("central", 1, _central.Uri)]);
        var lookup = await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal("central", lookup.Repository);
        Assert.Equal(1, empty.RequestsFor(PayloadData));
        Assert.Equal(2, resolver.Requests);
    }

    [Fact]
    public async Task Missing_everywhere_is_not_found_naming_each_repository()
    {
        await using var empty = await IgluServer.StartAsync();
        using var resolver = Resolver(repositories: [Http("empty", 0, empty.Uri), Embedded("local", 0, _embedded)]);
        var lookup = await resolver.LookupAsync(AcmeKey);
        Assert.Equal(LookupKind.NotFound, lookup.Kind);
        Assert.Contains("empty: 404", lookup.Detail);
        Assert.Contains("local: not found", lookup.Detail);
    }

    [Fact]
    public async Task The_apikey_is_sent_as_a_header()
    {
        _central.RequiredApiKey = "s3cret";
        using var without = Resolver(repositories: Http("no key", 0, _central.Uri));
        Assert.Equal(LookupKind.NotFound, (await without.LookupAsync(PayloadDataKey)).Kind); // 401: a 4xx is "not here"
        using var with = Resolver(repositories: Http("with key", 0, _central.Uri, "s3cret"));
        Assert.Equal(LookupKind.Found, (await with.LookupAsync(PayloadDataKey)).Kind);
        Assert.Contains(_central.Requests, r => r.ApiKey == "s3cret");
    }

    [Fact]
    public async Task A_500_is_retried_with_backoff()
    {
        _central.Failures["/schemas/" + PayloadData] = 2;
        using var resolver = Resolver(repositories: Http("central", 0, _central.Uri));
        var lookup = await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(LookupKind.Found, lookup.Kind);
        Assert.Equal(3, _central.RequestsFor(PayloadData));
        Assert.Equal(2, resolver.Retries);
    }

    [Fact]
    public async Task A_500_that_persists_makes_the_schema_unavailable_not_missing()
    {
        _central.Failures["/schemas/" + PayloadData] = 100;
        using var resolver = Resolver(repositories: Http("central", 0, _central.Uri));
        var lookup = await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(LookupKind.Unavailable, lookup.Kind);
        Assert.Contains("500", lookup.Detail);
        Assert.Equal(4, _central.RequestsFor(PayloadData)); // the first attempt and 3 retries
    }

    [Fact]
    public async Task A_repository_that_is_down_makes_the_schema_unavailable()
    {
        using var resolver = Resolver(repositories: Http("down", 0, IgluServer.Down()));
        var lookup = await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(LookupKind.Unavailable, lookup.Kind);
        Assert.Contains("down:", lookup.Detail);
    }

    [Fact]
    public async Task A_repository_down_does_not_hide_one_that_holds_the_schema()
    {
        using var resolver = Resolver(repositories: [Http("down", 0, IgluServer.Down()), Http("central", 1, _central.Uri)]);
        Assert.Equal("central", (await resolver.LookupAsync(PayloadDataKey)).Repository);
    }

    [Fact]
    public async Task A_schema_is_looked_up_once_per_run_and_then_served_from_the_cache()
    {
        using var resolver = Resolver(repositories: Http("central", 0, _central.Uri));
        var lookups = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => resolver.LookupAsync(PayloadDataKey))));
        await resolver.LookupAsync(PayloadDataKey);
        Assert.All(lookups, l => Assert.Equal(LookupKind.Found, l.Kind));
        Assert.Equal(1, _central.RequestsFor(PayloadData));
        Assert.Equal(1, resolver.Lookups);
        Assert.Equal(8, resolver.CacheHits);
    }

    [Fact]
    public async Task An_unavailable_answer_is_cached_too_so_a_down_repository_does_not_slow_every_row()
    {
        _central.Failures["/schemas/" + PayloadData] = 100;
        using var resolver = Resolver(repositories: Http("central", 0, _central.Uri));
        await resolver.LookupAsync(PayloadDataKey);
        await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(4, _central.RequestsFor(PayloadData));
        Assert.Equal(1, resolver.CacheHits);
    }

    [Fact]
    public async Task The_cache_holds_at_most_cacheSize_schemas()
    {
        var other = SchemaKey.TryParse("iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-3")!;
        using var resolver = Resolver(cacheSize: 1, repositories: Http("central", 0, _central.Uri));
        await resolver.LookupAsync(PayloadDataKey);
        await resolver.LookupAsync(other);
        await resolver.LookupAsync(PayloadDataKey); // evicted by the other
        Assert.Equal(2, _central.RequestsFor(PayloadData));
        Assert.Equal(3, resolver.Lookups);
    }

    [Fact]
    public async Task A_cached_schema_expires_after_cacheTtl()
    {
        var clock = new ManualClock();
        var ttl = TimeSpan.FromSeconds(600);
        using var resolver = new IgluResolver(new ResolverSettings(100, ttl, [Http("central", 0, _central.Uri)]), FastRetry, clock);
        await resolver.LookupAsync(PayloadDataKey);
        clock.Advance(ttl - TimeSpan.FromSeconds(1));
        await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(1, _central.RequestsFor(PayloadData));
        clock.Advance(TimeSpan.FromSeconds(2));
        await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(2, _central.RequestsFor(PayloadData));
        Assert.Equal(1, resolver.CacheHits);
    }

    [Fact]
    public async Task A_lookup_slower_than_cacheTtl_is_shared_and_kept_for_cacheTtl_from_its_answer()
    {
        var clock = new ManualClock();
        var ttl = TimeSpan.FromSeconds(60);
        var answer = new TaskCompletionSource();
        _central.Hold = answer.Task;
        using var resolver = new IgluResolver(new ResolverSettings(100, ttl, [Http("central", 0, _central.Uri)]), FastRetry, clock);
        var first = resolver.LookupAsync(PayloadDataKey);
        clock.Advance(ttl * 2); // the repository takes longer than the time to live to answer
        var second = resolver.LookupAsync(PayloadDataKey);
        answer.SetResult();
        Assert.Equal(LookupKind.Found, (await first).Kind);
        Assert.Equal(LookupKind.Found, (await second).Kind);
        clock.Advance(ttl - TimeSpan.FromSeconds(1));
        await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(1, _central.RequestsFor(PayloadData));
        clock.Advance(TimeSpan.FromSeconds(2));
        await resolver.LookupAsync(PayloadDataKey);
        Assert.Equal(2, _central.RequestsFor(PayloadData));
    }

    [Fact]
    public async Task A_superseded_schema_is_replaced_by_the_version_that_supersedes_it()
    {
        Embed(AcmeKey, Schema("com.acme", "thing", "1-0-0", "old", supersededBy: "1-0-1"));
        Embed(SchemaKey.TryParse("iglu:com.acme/thing/jsonschema/1-0-1")!, Schema("com.acme", "thing", "1-0-1", "new"));
        using var resolver = Resolver(repositories: Embedded("local", 0, _embedded));
        var lookup = await resolver.LookupAsync(AcmeKey);
        Assert.Equal("new", Description(lookup));
        Assert.Equal("iglu:com.acme/thing/jsonschema/1-0-1", lookup.Resolved!.ToString());
    }

    [Fact]
    public async Task A_supersededBy_that_is_not_later_is_refused()
    {
        Embed(AcmeKey, Schema("com.acme", "thing", "1-0-0", "old", supersededBy: "1-0-0"));
        using var resolver = Resolver(repositories: Embedded("local", 0, _embedded));
        var lookup = await resolver.LookupAsync(AcmeKey);
        Assert.Equal(LookupKind.NotFound, lookup.Kind);
        Assert.Contains("isn't greater", lookup.Detail);
    }

    [Theory]
    [InlineData("1-0-0")]
    [InlineData("1-0-1")]
    [InlineData("1-0-2")]
    [InlineData("1-0-3")]
    public void Reads_every_resolver_config_version(string version)
    {
        var ttl = version is "1-0-0" or "1-0-1" ? "" : "\"cacheTtl\": 600,";
        var settings = ResolverSettings.Parse(
            """
            {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/VERSION", "data": {"cacheSize": 500, TTL
              "repositories": [
                {"name": "Iglu Central", "priority": 0, "vendorPrefixes": ["com.snowplowanalytics"], "connection": {"http": {"uri": "http://iglucentral.com"}}},
                {"name": "Acme", "priority": 1, "vendorPrefixes": [], "connection": {"http": {"uri": "https://iglu.acme.example/api", "apikey": "k"}}},
                {"name": "local", "priority": 2, "vendorPrefixes": [], "connection": {"embedded": {"path": "/srv/iglu"}}}]}}
            """.Replace("VERSION", version).Replace("TTL", ttl)
        );
        Assert.Equal(500, settings.CacheSize);
        Assert.Equal(version is "1-0-0" or "1-0-1" ? null : TimeSpan.FromSeconds(600), settings.CacheTtl);
        Assert.Equal(new HttpConnection(new Uri("https://iglu.acme.example/api"), "k"), settings.Repositories[1].Connection);
        Assert.Equal(new EmbeddedConnection("/srv/iglu"), settings.Repositories[2].Connection);
    }

    [Fact]
    public void A_bad_resolver_config_lists_every_problem_at_its_place()
    {
        var e = Assert.Throws<ResolverConfigException>(() =>
            ResolverSettings.Parse(
                """
                {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-9", "data": {"cacheSize": "big",
                  "repositories": [{"name": "x", "priority": 0, "vendorPrefixes": [], "connection": {"http": {"uri": "ftp://x"}}}]}}
                """
            )
        );
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.StartsWith("schema:"));
        Assert.Contains(e.Problems, p => p.StartsWith("data.cacheSize:"));
        Assert.Contains(e.Problems, p => p.StartsWith("data.repositories[0].connection.http.uri:"));
    }
}
