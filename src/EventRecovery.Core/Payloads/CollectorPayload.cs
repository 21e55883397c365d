namespace EventRecovery.Core.Payloads;

/// <summary>
/// The raw event as a Snowplow collector writes it (collector-payload-1 Thrift struct).
/// A <c>null</c> member is a field that is not set and is not written on the wire.
/// </summary>
public sealed record CollectorPayload
{
    /// <summary>Schema URI of the Thrift struct; recovered payloads always carry <see cref="ThriftSchema"/>.</summary>
    public const string ThriftSchema = "iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0";

    /// <summary>Field 31337.</summary>
    public string? Schema { get; init; } = ThriftSchema;
    /// <summary>Field 100.</summary>
    public string? IpAddress { get; init; }
    /// <summary>Field 200, epoch milliseconds. Always written (a Thrift primitive with default requiredness).</summary>
    public long Timestamp { get; init; }
    /// <summary>Field 210.</summary>
    public string? Encoding { get; init; }
    /// <summary>Field 220.</summary>
    public string? Collector { get; init; }
    /// <summary>Field 300.</summary>
    public string? UserAgent { get; init; }
    /// <summary>Field 310.</summary>
    public string? RefererUri { get; init; }
    /// <summary>Field 320.</summary>
    public string? Path { get; init; }
    private string? _querystring;
    private byte[]? _querystringUtf8;

    /// <summary>Field 330.</summary>
    public string? Querystring
    {
        get => _querystring ??= _querystringUtf8 is null ? null : System.Text.Encoding.UTF8.GetString(_querystringUtf8);
        init
        {
            _querystring = value;
            _querystringUtf8 = null;
        }
    }

    /// <summary>
    /// The querystring as UTF-8, when it was rebuilt as bytes: the Thrift encoder writes them as they are, and
    /// <see cref="Querystring"/> reads them only when asked.
    /// </summary>
    internal byte[]? QuerystringUtf8
    {
        get => _querystringUtf8;
        init
        {
            if (value is null) return;
            _querystringUtf8 = value;
            _querystring = null;
        }
    }

    /// <summary>Sets the querystring from a rebuilt one, text or UTF-8.</summary>
    internal QuerystringText QuerystringParts
    {
        init
        {
            Querystring = value.Text;
            QuerystringUtf8 = value.Utf8;
        }
    }
    /// <summary>Field 340.</summary>
    public string? Body { get; init; }
    /// <summary>Field 350.</summary>
    public IReadOnlyList<string>? Headers { get; init; }
    /// <summary>Field 360.</summary>
    public string? ContentType { get; init; }
    /// <summary>Field 400.</summary>
    public string? Hostname { get; init; }
    /// <summary>Field 410.</summary>
    public string? NetworkUserId { get; init; }

    /// <inheritdoc />
    public bool Equals(CollectorPayload? other) =>
        other is not null && Schema == other.Schema && IpAddress == other.IpAddress && Timestamp == other.Timestamp
        && Encoding == other.Encoding && Collector == other.Collector && UserAgent == other.UserAgent
        && RefererUri == other.RefererUri && Path == other.Path && Querystring == other.Querystring
        && Body == other.Body && ContentType == other.ContentType && Hostname == other.Hostname
        && NetworkUserId == other.NetworkUserId
        && (Headers is null ? other.Headers is null : other.Headers is not null && Headers.SequenceEqual(other.Headers));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Schema, IpAddress, Timestamp, Querystring, Body, Path, NetworkUserId);
}
