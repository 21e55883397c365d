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
        get => IpAddressText.AsString();
        init => IpAddressText = PayloadText.Of(value);
    }

    /// <summary><see cref="IpAddress"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText IpAddressText { get; init; }

    /// <summary>Field 200, epoch milliseconds. Always written (a Thrift primitive with default requiredness).</summary>
    public long Timestamp { get; init; }

    /// <summary>Field 210.</summary>
    public string? Encoding
    {
        get => EncodingText.AsString();
        init => EncodingText = PayloadText.Of(value);
    }

    /// <summary><see cref="Encoding"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText EncodingText { get; init; }

    /// <summary>Field 220.</summary>
    public string? Collector
    {
        get => CollectorText.AsString();
        init => CollectorText = PayloadText.Of(value);
    }

    /// <summary><see cref="Collector"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText CollectorText { get; init; }

    /// <summary>Field 300.</summary>
    public string? UserAgent
    {
        get => UserAgentText.AsString();
        init => UserAgentText = PayloadText.Of(value);
    }

    /// <summary><see cref="UserAgent"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText UserAgentText { get; init; }

    /// <summary>Field 310.</summary>
    public string? RefererUri
    {
        get => RefererUriText.AsString();
        init => RefererUriText = PayloadText.Of(value);
    }

    /// <summary><see cref="RefererUri"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText RefererUriText { get; init; }

    /// <summary>Field 320.</summary>
    public string? Path { get; init; }

    /// <summary>Field 330.</summary>
    public string? Querystring
    {
        get => QuerystringText.AsString();
        init => QuerystringText = PayloadText.Of(value);
    }

    /// <summary>
    /// <see cref="Querystring"/> as rebuilt: UTF-8 when it was written as bytes (the Thrift encoder writes them as
    /// they are), text when only text can hold it.
    /// </summary>
    internal PayloadText QuerystringText { get; init; }

    /// <summary>Field 340.</summary>
    public string? Body
    {
        get => BodyText.AsString();
        init => BodyText = PayloadText.Of(value);
    }

    /// <summary><see cref="Body"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText BodyText { get; init; }

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
        get => ContentTypeText.AsString();
        init => ContentTypeText = PayloadText.Of(value);
    }

    /// <summary><see cref="ContentType"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText ContentTypeText { get; init; }

    /// <summary>Field 400.</summary>
    public string? Hostname
    {
        get => HostnameText.AsString();
        init => HostnameText = PayloadText.Of(value);
    }

    /// <summary><see cref="Hostname"/> as read (perhaps UTF-8), for the encoder.</summary>
    internal PayloadText HostnameText { get; init; }

    /// <summary>Field 410.</summary>
    public string? NetworkUserId { get; init; }

    /// <inheritdoc />
    public bool Equals(CollectorPayload? other) =>
        other is not null
        && Schema == other.Schema
        && IpAddress == other.IpAddress
        && Timestamp == other.Timestamp
        && Encoding == other.Encoding
        && Collector == other.Collector
        && UserAgent == other.UserAgent
        && RefererUri == other.RefererUri
        && Path == other.Path
        && Querystring == other.Querystring
        && Body == other.Body
        && ContentType == other.ContentType
        && Hostname == other.Hostname
        && NetworkUserId == other.NetworkUserId
        && (Headers is null ? other.Headers is null : other.Headers is not null && Headers.SequenceEqual(other.Headers));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Schema, IpAddress, Timestamp, Querystring, Body, Path, NetworkUserId);
}
