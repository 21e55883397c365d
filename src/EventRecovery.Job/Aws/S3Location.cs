namespace EventRecovery.Job.Aws;

/// <summary>
/// A bucket and a key prefix, parsed from <c>s3://bucket/prefix</c>. The prefix is treated as a folder: keys
/// below it are <c>prefix/…</c>, never <c>prefix-other/…</c>, the way the local inputs and outputs treat a directory.
/// </summary>
public sealed record S3Location
{
    private S3Location(string bucket, string prefix)
    {
        Bucket = bucket;
        Prefix = prefix;
    }

    /// <summary>The bucket name.</summary>
    public string Bucket { get; }

    /// <summary>The key prefix without leading or trailing slash; empty for the whole bucket.</summary>
    public string Prefix { get; }

    /// <summary>The prefix as a folder for listing: <c>prefix/</c>, or empty for the whole bucket.</summary>
    public string FolderPrefix => Prefix.Length == 0 ? "" : Prefix + "/";

    /// <summary>Whether <paramref name="value"/> names an S3 location (<c>s3://</c>, or Hadoop's <c>s3a://</c> and
    /// <c>s3n://</c>).</summary>
    public static bool IsS3(string value) => SchemeLength(value) > 0;

    /// <summary>Parses <c>s3://bucket[/prefix]</c>; throws <see cref="FormatException"/> saying what is wrong with the value.</summary>
    public static S3Location Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var scheme = SchemeLength(value);
        if (scheme == 0)
            throw new FormatException($"'{value}' is not an S3 location: expected s3://bucket/prefix");
        var rest = value[scheme..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0)
            throw new FormatException($"'{value}' has no bucket name: expected s3://bucket/prefix");
        if (
            bucket.Length is < 3 or > 255
            || !bucket.All(IsBucketChar)
            || !char.IsAsciiLetterOrDigit(bucket[0])
            || !char.IsAsciiLetterOrDigit(bucket[^1])
        )
            throw new FormatException(
                $"'{value}': '{bucket}' is not a valid bucket name (letters, digits, '.', '-', '_'; 3 to 255 characters, starting and ending with a letter or digit)"
            );
        return new S3Location(bucket, prefix);
    }

    /// <summary>Parses like <see cref="Parse"/>, returning <c>false</c> and the reason instead of throwing.</summary>
    public static bool TryParse(string value, out S3Location? location, out string? error)
    {
        try
        {
            location = Parse(value);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            location = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The key of <paramref name="name"/> inside this folder.</summary>
    public string KeyOf(string name) => FolderPrefix + name;

    /// <summary>A sub-folder, e.g. <c>failed</c> or a bad row schema folder.</summary>
    public S3Location Child(string name) => new(Bucket, KeyOf(name.Trim('/')));

    /// <summary>The URI of an object in this bucket, for messages.</summary>
    public string UriOf(string key) => $"s3://{Bucket}/{key}";

    /// <inheritdoc />
    public override string ToString() => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";

    private static int SchemeLength(string value)
    {
        foreach (var scheme in (ReadOnlySpan<string>)["s3://", "s3a://", "s3n://"])
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                return scheme.Length;
        return 0;
    }

    // Current rules allow lowercase letters, digits, '.' and '-'; older us-east-1 buckets may also hold capitals and '_'.
    private static bool IsBucketChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
}
