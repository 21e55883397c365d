using System.Text.Json;
using EventRecovery.Core.Configuration;

namespace EventRecovery.Core.Verification;

/// <summary>
/// Validates JSON against an Iglu schema, as Enrich does with its resolver. The core only asks; where schemas come from
/// (HTTP repositories, local folders) and how they are compiled and cached is the implementation's business.
/// Implementations are called from every worker at once and must be thread-safe.
/// </summary>
public interface ISchemaValidator
{
    /// <summary>Validates <paramref name="instance"/> against the schema <paramref name="key"/> (a full key, no <c>*</c>).</summary>
    SchemaCheck Validate(SchemaKey key, JsonElement instance);
}

/// <summary>What a schema lookup and validation came to.</summary>
public enum SchemaCheckKind
{
    /// <summary>The instance validates.</summary>
    Valid,

    /// <summary>The instance does not validate; the detail says where and why.</summary>
    Invalid,

    /// <summary>No repository holds the schema: Enrich fails such an event too.</summary>
    NotFound,

    /// <summary>The schema could not be fetched (a repository down or failing): nothing is known about the instance.</summary>
    Unavailable,
}

/// <summary>The answer of <see cref="ISchemaValidator.Validate"/>.</summary>
/// <param name="Kind">What it came to.</param>
/// <param name="Detail">For <see cref="SchemaCheckKind.Invalid"/> the first error (<c>$.age: …</c>); otherwise why the schema is missing or
/// unreachable.</param>
public readonly record struct SchemaCheck(SchemaCheckKind Kind, string? Detail)
{
    /// <summary>The instance validates.</summary>
    public static SchemaCheck Valid => new(SchemaCheckKind.Valid, null);
}
