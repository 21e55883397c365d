namespace EventRecovery.Core.Steps;

/// <summary>The JSON types a <see cref="CastStep"/> converts between.</summary>
public enum CastType
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number.</summary>
    Numeric,

    /// <summary>A JSON boolean.</summary>
    Boolean,

    /// <summary>A JSON array.</summary>
    Array,
}
