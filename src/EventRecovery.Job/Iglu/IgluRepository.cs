using System.Net;
using EventRecovery.Core.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EventRecovery.Job.Iglu;

/// <summary>A repository of the resolver, and how to fetch a schema from it.</summary>
internal abstract class IgluRepository(RepositorySettings settings)
{
    public RepositorySettings Settings { get; } = settings;

    public string Name => Settings.Name;

    /// <summary>Snowplow's resolver asks embedded repositories before HTTP ones (its "class priority").</summary>
    public abstract int ClassPriority { get; }

    public bool VendorMatched(string vendor) => Settings.VendorPrefixes.Any(p => vendor.StartsWith(p, StringComparison.Ordinal));

    public abstract Task<RepositoryAnswer> FetchAsync(SchemaKey key, CancellationToken cancel);

    /// <summary>The schema's place below a repository root: <c>schemas/{vendor}/{name}/{format}/{M-R-A}</c>.</summary>
    protected static string RelativePath(SchemaKey key) => $"schemas/{key.Vendor}/{key.Name}/{key.Format}/{key.Version}";
}

/// <summary>A local directory (an "embedded" repository).</summary>
internal sealed class EmbeddedRepository(RepositorySettings settings, EmbeddedConnection connection) : IgluRepository(settings)
{
    public override int ClassPriority => 2;

    public override async Task<RepositoryAnswer> FetchAsync(SchemaKey key, CancellationToken cancel)
    {
        var file = Path.Combine(Path.GetFullPath(connection.Path), RelativePath(key));
        try
        {
            return new RepositoryAnswer(LookupKind.Found, await File.ReadAllTextAsync(file, cancel).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return RepositoryAnswer.NotFound($"not found ({file})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RepositoryAnswer.Failed($"{file}: {e.Message}");
        }
    }
}

/// <summary>An HTTP repository: Iglu Central's static layout or an Iglu Server; transient failures are retried with backoff.</summary>
internal sealed class HttpRepository(
    RepositorySettings settings,
    HttpConnection connection,
    HttpClient client,
    ResiliencePipeline<HttpResponseMessage> retry
) : IgluRepository(settings)
{
    public override int ClassPriority => 100;

    public Uri Url(SchemaKey key) => new(connection.Uri.ToString().TrimEnd('/') + "/" + RelativePath(key));

    public override async Task<RepositoryAnswer> FetchAsync(SchemaKey key, CancellationToken cancel)
    {
        var url = Url(key);
        try
        {
            using var response = await retry
                .ExecuteAsync(
                    async token =>
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, url);
                        if (connection.ApiKey is { } apikey)
                            request.Headers.TryAddWithoutValidation("apikey", apikey);
                        return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                    },
                    cancel
                )
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return new RepositoryAnswer(LookupKind.Found, await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false), null);
            // Snowplow's resolver takes a 4xx (other than too many requests) as "not here" and goes on to the next repository.
            if (status is >= 400 and < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                return RepositoryAnswer.NotFound($"{status} from {url}");
            return RepositoryAnswer.Failed($"{status} {response.ReasonPhrase} from {url}");
        }
        catch (Exception e)
            when (e is HttpRequestException or TimeoutRejectedException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return RepositoryAnswer.Failed($"{url}: {e.Message}");
        }
    }

    /// <summary>Retries a request that failed for a reason that may pass: no connection, a timeout, 5xx, 429.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Retry(ResolverRetry options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.Retries > 0)
            builder.AddRetry(
                new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.Retries,
                    Delay = options.FirstDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                        .Handle<HttpRequestException>()
                        .Handle<TimeoutRejectedException>()
                        .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
                    OnRetry = args =>
                    {
                        args.Outcome.Result?.Dispose();
                        options.OnRetry?.Invoke();
                        return ValueTask.CompletedTask;
                    },
                }
            );
        return builder.AddTimeout(options.AttemptTimeout).Build();
    }
}

/// <summary>How an HTTP repository's transient failures are retried.</summary>
public sealed record ResolverRetry
{
    /// <summary>Retries after the first attempt.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>The first wait; each next one doubles (with jitter).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one request may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called on each retry (counting).</summary>
    internal Action? OnRetry { get; init; }
}
