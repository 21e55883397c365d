namespace EventRecovery.Core.Thrift;

/// <summary>
/// Field ids of collector-payload-1 as compiled into the Snowplow collectors and Enrich.
/// The IDL text in Iglu Central (ids 10..130) differs and must not be used: Enrich would skip those fields.
/// </summary>
internal static class CollectorPayloadFieldIds
{
    public const short IpAddress = 100;
    public const short Timestamp = 200;
    public const short Encoding = 210;
    public const short Collector = 220;
    public const short UserAgent = 300;
    public const short RefererUri = 310;
    public const short Path = 320;
    public const short Querystring = 330;
    public const short Body = 340;
    public const short Headers = 350;
    public const short ContentType = 360;
    public const short Hostname = 400;
    public const short NetworkUserId = 410;
    public const short Schema = 31337;

    /// <summary>IDL name of a known field id, for error messages.</summary>
    public static string Name(short id) =>
        id switch
        {
            IpAddress => "ipAddress",
            Timestamp => "timestamp",
            Encoding => "encoding",
            Collector => "collector",
            UserAgent => "userAgent",
            RefererUri => "refererUri",
            Path => "path",
            Querystring => "querystring",
            Body => "body",
            Headers => "headers",
            ContentType => "contentType",
            Hostname => "hostname",
            NetworkUserId => "networkUserId",
            Schema => "schema",
            _ => $"field {id}",
        };
}
