using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace EventRecovery.Job.Outputs.Kinesis;

/// <summary>
/// Credentials for signing. The provider is resolved once (explicit credentials, else AWSSDK.Core's default chain:
/// environment, profile, web identity, container and instance roles); each request then asks it for the current
/// keys, which the SDK's refreshing providers renew before they expire.
/// </summary>
internal sealed class CredentialSource(AWSCredentials? explicitCredentials) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private DefaultAWSCredentialsIdentityResolver? _resolver;
    private AWSCredentials? _provider = explicitCredentials;
    private bool _everResolved;

    /// <summary>The keys to sign one request with; throws <see cref="KinesisException"/> when there are none.</summary>
    public async ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var provider = _provider ?? await ResolveAsync(cancellationToken).ConfigureAwait(false);
            var keys = await provider.GetCredentialsAsync().ConfigureAwait(false);
            _everResolved = true;
            return keys;
        }
        catch (AmazonClientException e)
        {
            // Missing at the start is a setup error; failing to refresh later may be an endpoint blip worth retrying.
            throw new KinesisException(
                "CredentialsError",
                "no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a web identity token, "
                + "or run with a container or instance role): " + OneLine(e.Message),
                statusCode: null, retryable: _everResolved, throttled: false, e);
        }
    }

    private async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_provider is not null) return _provider;
            _resolver ??= new DefaultAWSCredentialsIdentityResolver();
            return _provider = await _resolver.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <inheritdoc />
    public void Dispose() => _resolver?.Dispose();
}
