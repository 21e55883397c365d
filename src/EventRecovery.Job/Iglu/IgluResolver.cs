using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Configuration;
using Polly;

namespace EventRecovery.Job.Iglu;

/// <summary>
/// Finds Iglu schemas as Snowplow's resolver does: repositories whose vendor prefix matches the schema's vendor first,
/// then embedded before HTTP, then by <c>priority</c>; the first that holds the schema wins, one that does not have it
/// passes to the next; a schema naming a <c>$supersededBy</c> version is replaced by that version from the same
/// repository. Answers (found, not found, unreachable) are cached for the run, at most <c>cacheSize</c> of them, each for
/// <c>cacheTtl</c>: a schema is looked up once per run, not once per row, and concurrent askers share one lookup.
/// </summary>
public sealed class IgluResolver : IDisposable
{
    private readonly IReadOnlyList<IgluRepository> _repositories;
    private readonly ResolverSettings _settings;
    private readonly HttpClient? _ownedClient;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<SchemaKey, Cached> _cache = new();
    private long _lookups,
        _cacheHits,
        _requests,
        _retries;

    /// <summary>Creates a resolver for <paramref name="settings"/>.</summary>
    /// <param name="settings">The resolver configuration.</param>
    /// <param name="retry">How transient HTTP failures are retried; the defaults otherwise.</param>
    /// <param name="clock">For the cache's time to live (tests pass their own).</param>
    /// <param name="client">The HTTP client to use; one is made (and disposed with the resolver) otherwise.</param>
    public IgluResolver(ResolverSettings settings, ResolverRetry? retry = null, TimeProvider? clock = null, HttpClient? client = null)
    {
        _settings = settings;
        _clock = clock ?? TimeProvider.System;
        retry = (retry ?? new ResolverRetry()) with { OnRetry = () => Interlocked.Increment(ref _retries) };
        // The retry pipeline and the client only where a repository is reached over HTTP: building them is not free
        // (a good part of a short run's start-up), and local folders need neither.
        ResiliencePipeline<HttpResponseMessage>? pipeline = null;
        if (client is null && settings.Repositories.Any(r => r.Connection is HttpConnection))
            _ownedClient = client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // the retry pipeline times each attempt
        var http = client;
        _repositories = settings
            .Repositories.Select<RepositorySettings, IgluRepository>(r =>
                r.Connection switch
                {
                    HttpConnection c => new HttpRepository(r, c, http!, pipeline ??= HttpRepository.Retry(retry)),
                    EmbeddedConnection e => new EmbeddedRepository(r, e),
                    _ => throw new ArgumentException($"repository {r.Name}: unknown connection", nameof(settings)),
                }
            )
            .ToList();
    }

    /// <summary>Lookups that went to the repositories (not answered from the cache).</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    /// <summary>Lookups answered from the cache.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Requests to repositories, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>HTTP requests retried after a transient failure.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The repository names in the order they are asked for <paramref name="vendor"/>'s schemas.</summary>
    public IReadOnlyList<string> Order(string vendor) => Prioritized(vendor).Select(r => r.Name).ToList();

    /// <summary>Looks <paramref name="key"/> up: from the cache, or from the repositories in order.</summary>
    public Task<SchemaLookup> LookupAsync(SchemaKey key, CancellationToken cancel = default)
    {
        if (_settings.CacheSize <= 0)
            return FetchAsync(key, cancel);
        var now = _clock.GetUtcNow();
        while (true)
        {
            if (_cache.TryGetValue(key, out var cached))
            {
                // The time to live counts from the answer: a lookup still under way is shared, however long it takes.
                if (_settings.CacheTtl is not { } ttl || !cached.Lookup.IsCompleted || now - cached.Stored < ttl)
                {
                    Interlocked.Increment(ref _cacheHits);
                    return cached.Lookup;
                }
                _cache.TryRemove(new KeyValuePair<SchemaKey, Cached>(key, cached));
                continue;
            }
            if (_cache.Count >= _settings.CacheSize)
                Evict();
            // The fetch starts only once this entry is in the cache: askers that lose the race share the winner's.
            var fetch = new TaskCompletionSource<SchemaLookup>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mine = new Cached(fetch.Task) { Stored = now };
            if (!_cache.TryAdd(key, mine))
                continue;
            _ = CompleteAsync(fetch, mine, key, cancel);
            return mine.Lookup;
        }
    }

    private async Task CompleteAsync(TaskCompletionSource<SchemaLookup> fetch, Cached entry, SchemaKey key, CancellationToken cancel)
    {
        try
        {
            var lookup = await FetchAsync(key, cancel).ConfigureAwait(false);
            entry.Stored = _clock.GetUtcNow();
            fetch.SetResult(lookup);
        }
        catch (OperationCanceledException e)
        {
            fetch.SetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            fetch.SetException(e);
        }
    }

    /// <summary>Makes room: the entry stored longest ago goes.</summary>
    private void Evict()
    {
        var oldest = _cache.OrderBy(p => p.Value.Stored).FirstOrDefault();
        if (oldest.Value is not null)
            _cache.TryRemove(oldest);
    }

    private async Task<SchemaLookup> FetchAsync(SchemaKey key, CancellationToken cancel)
    {
        Interlocked.Increment(ref _lookups);
        var tried = new List<string>();
        var unavailable = false;
        foreach (var repository in Prioritized(key.Vendor))
        {
            var answer = await FetchOneAsync(repository, key, cancel).ConfigureAwait(false);
            if (answer.Kind == LookupKind.Found)
            {
                var (resolved, text, error) = await SupersedingAsync(repository, key, answer.Text!, cancel).ConfigureAwait(false);
                if (error is null)
                    return new SchemaLookup(LookupKind.Found, key, text, resolved, repository.Name, null);
                answer = error.Value;
            }
            unavailable |= answer.Kind == LookupKind.Unavailable;
            tried.Add($"{repository.Name}: {answer.Error}");
        }
        var detail = tried.Count == 0 ? "the resolver has no repositories" : string.Join("; ", tried);
        return new SchemaLookup(
            unavailable ? LookupKind.Unavailable : LookupKind.NotFound,
            key,
            null,
            null,
            null,
            unavailable ? $"could not be fetched ({detail})" : $"not found in any repository ({detail})"
        );
    }

    private Task<RepositoryAnswer> FetchOneAsync(IgluRepository repository, SchemaKey key, CancellationToken cancel)
    {
        Interlocked.Increment(ref _requests);
        return repository.FetchAsync(key, cancel);
    }

    /// <summary>
    /// A schema naming a later version in <c>$supersededBy</c> is replaced by that version, from the same repository, as
    /// Snowplow's client does when it validates; a version that is not later is an error of that repository.
    /// </summary>
    private async Task<(SchemaKey Resolved, string Text, RepositoryAnswer? Error)> SupersedingAsync(
        IgluRepository repository,
        SchemaKey key,
        string text,
        CancellationToken cancel
    )
    {
        string? by;
        try
        {
            by =
                JsonNode.Parse(text) is JsonObject o && o["$supersededBy"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? v.GetValue<string>()
                    : null;
        }
        catch (JsonException e)
        {
            return (key, text, RepositoryAnswer.Failed($"the schema is not valid JSON: {e.Message}"));
        }
        if (by is null)
            return (key, text, null);
        var superseding = SchemaKey.TryParse($"iglu:{key.Vendor}/{key.Name}/{key.Format}/{by}");
        if (superseding is null || superseding.IsPattern)
            return (key, text, RepositoryAnswer.NotFound($"$supersededBy {by} is not a version"));
        if (Compare(superseding, key) <= 0)
            return (key, text, RepositoryAnswer.NotFound($"superseding version {by} isn't greater than the version of schema {key}"));
        var answer = await FetchOneAsync(repository, superseding, cancel).ConfigureAwait(false);
        return answer.Kind == LookupKind.Found
            ? (superseding, answer.Text!, null)
            : (key, text, answer with { Error = $"superseded by {by}, which it does not hold: {answer.Error}" });
    }

    private static int Compare(SchemaKey a, SchemaKey b)
    {
        static long[] Parts(SchemaKey k) => [long.Parse(k.Model), long.Parse(k.Revision), long.Parse(k.Addition)];
        var (x, y) = (Parts(a), Parts(b));
        for (var i = 0; i < 3; i++)
            if (x[i] != y[i])
                return x[i].CompareTo(y[i]);
        return 0;
    }

    /// <summary>Snowplow's order: vendor prefix matched first, then embedded before HTTP, then priority (lower first).</summary>
    private IEnumerable<IgluRepository> Prioritized(string vendor) =>
        _repositories.OrderBy(r => r.VendorMatched(vendor) ? 0 : 1).ThenBy(r => r.ClassPriority).ThenBy(r => r.Settings.Priority);

    /// <inheritdoc />
    public void Dispose() => _ownedClient?.Dispose();

    /// <summary>A cache entry: the lookup, and when it was answered (when it was asked, until then).</summary>
    private sealed class Cached(Task<SchemaLookup> lookup)
    {
        private long _storedTicks;

        public Task<SchemaLookup> Lookup { get; } = lookup;

        public DateTimeOffset Stored
        {
            get => new(Interlocked.Read(ref _storedTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _storedTicks, value.UtcTicks);
        }
    }
}
