using System.Net;
using Amazon.Runtime;

namespace EventRecovery.Job.Aws;

/// <summary>
/// The HTTP connections of one SDK client, sized for its concurrent requests: one <see cref="HttpClient"/> handed to
/// every request of the client (the SDK asks for one per request when it does not cache), disposed with
/// the factory. Timeouts are the caller's, per request, so that a timeout is told apart from the caller's cancellation.
/// </summary>
/// <param name="maxConnections">Requests the client sends at once.</param>
internal sealed class PooledHttpClientFactory(int maxConnections) : HttpClientFactory, IDisposable
{
    private readonly Lazy<HttpClient> _client = new(() =>
        new HttpClient(
            new BufferedResponses(
                new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = Math.Max(2, maxConnections),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follow DNS changes of the service endpoint
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4), // before servers that close idle connections at 5 s (Node)
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = false,
                }
            )
        )
        {
            Timeout = Timeout.InfiniteTimeSpan,
        }
    );

    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    /// <inheritdoc />
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    // The one client outlives each request: the factory disposes it.
    /// <inheritdoc />
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_client.IsValueCreated)
            _client.Value.Dispose();
    }

    /// <summary>
    /// Reads each response body into memory, asynchronously, before the SDK sees the response: the SDK parses a JSON
    /// response with synchronous reads, which would otherwise hold a pool thread while the rest of the body arrives.
    /// For small JSON answers only (Kinesis), never for streamed downloads.
    /// </summary>
    private sealed class BufferedResponses(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
            return response;
        }
    }
}
