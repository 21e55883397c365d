namespace EventRecovery.Core.BadRows;

/// <summary>The bad row types of <c>com.snowplowanalytics.snowplow.badrows</c> and whether recovery can repair them.</summary>
public static class BadRowTypes
{
    /// <summary>Schema vendor of every bad row.</summary>
    public const string Vendor = "com.snowplowanalytics.snowplow.badrows";

    /// <summary>Types whose payload can be rebuilt into a collector payload.</summary>
    public static readonly IReadOnlySet<string> Recoverable = new HashSet<string>
    {
        "adapter_failures",
        "tracker_protocol_violations",
        "schema_violations",
        "enrichment_failures",
        "collector_payload_format_violation",
        "recovery_error",
    };

    /// <summary>Every type published in Iglu Central.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(Recoverable)
    {
        "size_violation",
        "event_forwarding_error",
        "generic_error",
        "loader_iglu_error",
        "loader_parsing_error",
        "loader_recovery_error",
        "loader_runtime_error",
        "relay_failure",
        "snowflake_error",
    };

    /// <summary>Whether <paramref name="name"/> is a published bad row type.</summary>
    public static bool IsKnown(string name) => Known.Contains(name);
}
