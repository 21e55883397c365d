namespace EventRecovery.Core.Payloads;

/// <summary>
/// The raw event as a Snowplow collector writes it (collector-payload-1 Thrift struct).
/// A <c>null</c> member is a field that is not set and is not written on the wire.
/// Recovery may hold string fields as the UTF-8 it read them from (<see cref="PayloadText"/>); their getters make
/// the text on each read and write nothing, so an instance is safe to read from several threads.
/// </summary>
public sealed record CollectorPayload
{
    /// <summary>Schema URI of the Thrift struct; recovered payloads always carry <see cref="ThriftSchema"/>.</summary>
    public const string ThriftSchema = "iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0";

    /// <summary>Field 31337.</summary>
    public string? Schema { get; init; } = ThriftSchema;
    /// <summary>Field 100.</summary>
    public string? IpAddress
    {
        get => _ipAddress.AsString();
        init => _ipAddress = PayloadText.Of(value);
    }

    private PayloadText _ipAddress;

    /// <summary><see cref="IpAddress"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText IpAddressText
    {
        get => _ipAddress;
        init => _ipAddress = value;
    }
    /// <summary>Field 200, epoch milliseconds. Always written (a Thrift primitive with default requiredness).</summary>
    public long Timestamp { get; init; }
    /// <summary>Field 210.</summary>
    public string? Encoding
    {
        get => _encoding.AsString();
        init => _encoding = PayloadText.Of(value);
    }

    private PayloadText _encoding;

    /// <summary><see cref="Encoding"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText EncodingText
    {
        get => _encoding;
        init => _encoding = value;
    }
    /// <summary>Field 220.</summary>
    public string? Collector
    {
        get => _collector.AsString();
        init => _collector = PayloadText.Of(value);
    }

    private PayloadText _collector;

    /// <summary><see cref="Collector"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText CollectorText
    {
        get => _collector;
        init => _collector = value;
    }
    /// <summary>Field 300.</summary>
    public string? UserAgent
    {
        get => _userAgent.AsString();
        init => _userAgent = PayloadText.Of(value);
    }

    private PayloadText _userAgent;

    /// <summary><see cref="UserAgent"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText UserAgentText
    {
        get => _userAgent;
        init => _userAgent = value;
    }
    /// <summary>Field 310.</summary>
    public string? RefererUri
    {
        get => _refererUri.AsString();
        init => _refererUri = PayloadText.Of(value);
    }

    private PayloadText _refererUri;

    /// <summary><see cref="RefererUri"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText RefererUriText
    {
        get => _refererUri;
        init => _refererUri = value;
    }
    /// <summary>Field 320.</summary>
    public string? Path { get; init; }
    /// <summary>Field 330.</summary>
    public string? Querystring
    {
        get => _querystring.AsString();
        init => _querystring = PayloadText.Of(value);
    }

    private PayloadText _querystring;

    /// <summary>
    /// <see cref="Querystring"/> as rebuilt: UTF-8 when it was written as bytes (the Thrift encoder writes them as
    /// they are), text when only text can hold it.
    /// </summary>
    internal PayloadText QuerystringText
    {
        get => _querystring;
        init => _querystring = value;
    }

    /// <summary>Field 340.</summary>
    public string? Body
    {
        get => _body.AsString();
        init => _body = PayloadText.Of(value);
    }

    private PayloadText _body;

    /// <summary><see cref="Body"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText BodyText
    {
        get => _body;
        init => _body = value;
    }
    /// <summary>Field 350.</summary>
    public IReadOnlyList<string>? Headers
    {
        get => _headers ?? _headerTexts?.Select(t => t.AsString()!).ToList();
        init
        {
            _headers = value;
            _headerTexts = null;
        }
    }

    private IReadOnlyList<string>? _headers;
    private IReadOnlyList<PayloadText>? _headerTexts;

    /// <summary>The headers as read (perhaps UTF-8), for the encoder; null when they were given as strings.</summary>
    internal IReadOnlyList<PayloadText>? HeaderTexts
    {
        get => _headerTexts;
        init
        {
            _headerTexts = value;
            _headers = null;
        }
    }

    /// <summary>Field 360.</summary>
    public string? ContentType
    {
        get => _contentType.AsString();
        init => _contentType = PayloadText.Of(value);
    }

    private PayloadText _contentType;

    /// <summary><see cref="ContentType"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText ContentTypeText
    {
        get => _contentType;
        init => _contentType = value;
    }
    /// <summary>Field 400.</summary>
    public string? Hostname
    {
        get => _hostname.AsString();
        init => _hostname = PayloadText.Of(value);
    }

    private PayloadText _hostname;

    /// <summary><see cref="Hostname"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText HostnameText
    {
        get => _hostname;
        init => _hostname = value;
    }
    /// <summary>Field 410.</summary>
    public string? NetworkUserId
    {
        get => _networkUserId.AsString();
        init => _networkUserId = PayloadText.Of(value);
    }

    private PayloadText _networkUserId;

    /// <summary><see cref="NetworkUserId"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText NetworkUserIdText
    {
        get => _networkUserId;
        init => _networkUserId = value;
    }

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
