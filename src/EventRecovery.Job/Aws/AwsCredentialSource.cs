using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;

namespace EventRecovery.Job.Aws;

/// <summary>No AWS credentials could be had; <see cref="Retryable"/> when they were had before (a refresh failed).</summary>
/// <param name="message">What is missing and how to provide it.</param>
/// <param name="retryable">Whether a later try may succeed.</param>
/// <param name="inner">The SDK's reason.</param>
public sealed class AwsCredentialsException(string message, bool retryable, Exception inner) : Exception(message, inner)
{
    /// <summary>Whether a later try may succeed: credentials resolved before, so the failure is a refresh that may recover.</summary>
    public bool Retryable { get; } = retryable;
}

/// <summary>
/// The credentials every AWS client of a run signs with, handed to the SDK clients at creation: explicit ones (tests),
/// else AWSSDK.Core's default chain (environment, profile, web identity, container and instance roles), resolved once
/// on first use rather than at creation, so that building a client never waits on the network. The SDK's refreshing
/// providers renew the keys before they expire.
/// </summary>
public sealed class AwsCredentialSource : AWSCredentials
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AWSCredentials? _provider;
    private volatile bool _everResolved;

    /// <summary>Credentials from <paramref name="explicitCredentials"/>, or the default chain when <c>null</c>.</summary>
    public AwsCredentialSource(AWSCredentials? explicitCredentials = null) => _provider = explicitCredentials;

    static AwsCredentialSource()
    {
        // The chain's web identity provider (EKS, ECS task roles by token) loads the STS client by name, which native
        // code cannot do: it must be registered. Only there: the SDK's own loading also serves roles assumed from a
        // profile, which need the source profile's keys that a registered client cannot be given.
        if (!RuntimeFeature.IsDynamicCodeSupported)
            GlobalRuntimeDependencyRegistry.Instance.RegisterSecurityTokenServiceClient(static context =>
            {
                var data = context.SecurityTokenServiceClientContextData;
                var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = data.Region };
                if (data.ProxySettings is { } proxy)
                    config.SetWebProxy(proxy);
                return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
            });
    }

    /// <summary>The keys to sign with; throws <see cref="AwsCredentialsException"/> when there are none.</summary>
    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        try
        {
            var provider = _provider ?? await ResolveAsync().ConfigureAwait(false);
            var keys = await provider.GetCredentialsAsync().ConfigureAwait(false);
            _everResolved = true;
            return keys;
        }
        catch (AmazonClientException e)
        {
            throw Missing(e);
        }
    }

    /// <inheritdoc cref="GetCredentialsAsync" />
    public override ImmutableCredentials GetCredentials()
    {
        try
        {
            var provider = _provider ?? ResolveAsync().GetAwaiter().GetResult();
            var keys = provider.GetCredentials();
            _everResolved = true;
            return keys;
        }
        catch (AmazonClientException e)
        {
            throw Missing(e);
        }
    }

    private async Task<AWSCredentials> ResolveAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            return _provider ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    // Missing at the start is a setup error; failing to refresh later may be an endpoint blip worth retrying.
    private AwsCredentialsException Missing(AmazonClientException e) =>
        new(
            "no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a web identity token, "
                + "or run with a container or instance role): "
                + OneLine(e.Message),
            _everResolved,
            e
        );

    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
