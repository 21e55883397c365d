using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Job.Iglu;
using EventRecovery.Job.Verification;

namespace EventRecovery.Cli.Arguments;

/// <summary><c>--verify off|report|strict</c> with <c>--resolver</c>: whether and how a run verifies recovered payloads against
/// Iglu.</summary>
internal static class VerifyArgument
{
    /// <summary>The values <c>--verify</c> takes.</summary>
    public static readonly string[] Values = ["off", "report", "strict"];

    /// <summary>
    /// The run's verification, or null when off. A resolver given without <c>--verify</c> is still checked, so a broken one
    /// is caught here rather than by the pipeline later. Throws <see cref="UsageException"/> naming the flag.
    /// </summary>
    public static RunVerification? Plan(string? verify, string? resolver, RecoveryOptions options)
    {
        var (mode, json) = Parse(verify, resolver);
        return mode == VerifyMode.Off ? null : RunVerification.Create(mode, json!, options);
    }

    /// <summary>
    /// The mode and the resolver configuration's JSON (null when none is given), checked. A resolver given without
    /// <c>--verify</c> is still checked. Throws <see cref="UsageException"/> naming the flag.
    /// </summary>
    public static (VerifyMode Mode, string? ResolverJson) Parse(string? verify, string? resolver)
    {
        var mode = (verify ?? "off") switch
        {
            "off" => VerifyMode.Off,
            "report" => VerifyMode.Report,
            "strict" => VerifyMode.Strict,
            _ => throw new UsageException($"--verify {verify}: expected one of {string.Join(", ", Values)}"),
        };
        if (resolver is null)
            return mode == VerifyMode.Off
                ? (mode, null)
                : throw new UsageException(
                    $"--verify {verify} needs --resolver: the Iglu resolver configuration Enrich uses, a file or its base64"
                );
        var text = TextArgument.Read("--resolver", resolver);
        var problems = ResolverConfig.Problems(text);
        if (problems.Count > 0)
            throw new UsageException("--resolver: " + string.Join("; ", problems));
        try
        {
            var settings = ResolverSettings.Parse(ResolverConfig.Json(text));
            foreach (var repository in settings.Repositories)
                if (repository.Connection is EmbeddedConnection { Path: var path } && !Directory.Exists(path))
                    throw new UsageException($"--resolver: repository {repository.Name}: the embedded path {path} is not a directory");
            return (mode, ResolverConfig.Json(text));
        }
        catch (ResolverConfigException e)
        {
            throw new UsageException("--resolver: " + string.Join("; ", e.Problems));
        }
    }
}
