using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Job.Iglu;

namespace EventRecovery.Job.Verification;

/// <summary>Verification of a run's recovered payloads: the check the workers make, and the resolver behind it (for the summary).</summary>
/// <param name="Check">Verifies each recovered outcome and, in strict mode, fails those that would not enrich.</param>
/// <param name="Resolver">Where the schemas come from; its lookups and cache hits are reported.</param>
public sealed record RunVerification(RecoveredEventCheck Check, IgluResolver Resolver) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Resolver.Dispose();

    /// <summary>Report or strict.</summary>
    public VerifyMode Mode => Check.Mode;

    /// <summary>Verification for <paramref name="mode"/> with the resolver configuration <paramref name="resolverJson"/>.</summary>
    /// <exception cref="ResolverConfigException">The configuration cannot be used.</exception>
    public static RunVerification Create(VerifyMode mode, string resolverJson, RecoveryOptions options, ResolverRetry? retry = null)
    {
        var resolver = new IgluResolver(ResolverSettings.Parse(resolverJson), retry);
        return new RunVerification(
            new RecoveredEventCheck(new EnrichmentVerifier(new IgluSchemaValidator(resolver)), mode, options),
            resolver
        );
    }
}
