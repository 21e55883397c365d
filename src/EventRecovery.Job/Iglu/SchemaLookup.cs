using EventRecovery.Core.Configuration;

namespace EventRecovery.Job.Iglu;

/// <summary>What looking a schema up came to.</summary>
public enum LookupKind
{
    /// <summary>A repository holds it.</summary>
    Found,

    /// <summary>Every repository answered that it does not hold it (a 4xx counts as not found, as in Snowplow's resolver).</summary>
    NotFound,

    /// <summary>No repository holds it as far as is known, and at least one could not be asked (down, 5xx after retries,
    /// timeouts).</summary>
    Unavailable,
}

/// <summary>The answer of <see cref="IgluResolver.LookupAsync"/>.</summary>
/// <param name="Kind">What it came to.</param>
/// <param name="Key">The key asked for.</param>
/// <param name="Schema">The schema's JSON text, when found (the superseding schema's, when it is superseded).</param>
/// <param name="Resolved">The key of the schema returned: <paramref name="Key"/>, or the version that supersedes it.</param>
/// <param name="Repository">The repository it came from.</param>
/// <param name="Detail">Why it was not found or not available: each repository tried and what it answered.</param>
public sealed record SchemaLookup(LookupKind Kind, SchemaKey Key, string? Schema, SchemaKey? Resolved, string? Repository, string? Detail);

/// <summary>One repository's answer.</summary>
internal readonly record struct RepositoryAnswer(LookupKind Kind, string? Text, string? Error)
{
    public static RepositoryAnswer NotFound(string why) => new(LookupKind.NotFound, null, why);

    public static RepositoryAnswer Failed(string why) => new(LookupKind.Unavailable, null, why);
}
