using System.Text.RegularExpressions;

namespace EventRecovery.Core.Configuration;

/// <summary>
/// An Iglu schema key, <c>iglu:vendor/name/format/M-R-A</c>, where a pattern may use <c>*</c> for model,
/// revision or addition (<c>…/jsonschema/2-*-*</c>).
/// </summary>
public sealed partial record SchemaKey(string Vendor, string Name, string Format, string Model, string Revision, string Addition)
{
    [GeneratedRegex(@"^iglu:([a-zA-Z0-9\-_.]+)/([a-zA-Z0-9\-_]+)/([a-zA-Z0-9\-_]+)/([0-9]+|\*)-([0-9]+|\*)-([0-9]+|\*)$")]
    private static partial Regex Pattern();

    /// <summary>Parses a key or a key pattern; <c>null</c> when it is not one.</summary>
    public static SchemaKey? TryParse(string? uri)
    {
        if (uri is null)
            return null;
        var m = Pattern().Match(uri);
        if (!m.Success)
            return null;
        return new SchemaKey(
            m.Groups[1].Value,
            m.Groups[2].Value,
            m.Groups[3].Value,
            m.Groups[4].Value,
            m.Groups[5].Value,
            m.Groups[6].Value
        );
    }

    /// <summary>Whether this key, or pattern, matches <paramref name="other"/>; <c>*</c> on either side matches anything.</summary>
    public bool Matches(SchemaKey other) =>
        Vendor == other.Vendor
        && Name == other.Name
        && Format == other.Format
        && Part(Model, other.Model)
        && Part(Revision, other.Revision)
        && Part(Addition, other.Addition);

    private static bool Part(string a, string b) => a == b || a == "*" || b == "*";

    /// <summary>The version, <c>M-R-A</c>.</summary>
    public string Version => $"{Model}-{Revision}-{Addition}";

    /// <summary>Whether any of the version's parts is a wildcard (<c>1-*-*</c>): a pattern, not one schema.</summary>
    public bool IsPattern => Model == "*" || Revision == "*" || Addition == "*";

    /// <inheritdoc />
    public override string ToString() => $"iglu:{Vendor}/{Name}/{Format}/{Version}";
}
