namespace EventRecovery.Core.Recovery;

/// <summary>
/// Why one row could not be recovered. Thrown inside the core and always caught by
/// <see cref="Recoverer"/>, which turns it into a failed outcome: bad data never escapes as an exception.
/// </summary>
public class RowFailure : Exception
{
    /// <summary>Creates a failure with a readable reason.</summary>
    public RowFailure(string reason)
        : base(reason) { }
}
