using System.Security.Cryptography;
using System.Text;

namespace EventRecovery.Studio.Hosting;

/// <summary>
/// The secret every request must carry (the page's address holds it, as Jupyter's does), so that another user of the
/// machine, or a web page open in the same browser, cannot drive the studio.
/// </summary>
public sealed class AccessToken
{
    private readonly byte[] _value;

    /// <summary>Wraps a token; <see cref="New"/> makes a random one.</summary>
    public AccessToken(string value)
    {
        if (value.Length < 16)
            throw new ArgumentException("a token of at least 16 characters", nameof(value));
        Value = value;
        _value = Encoding.UTF8.GetBytes(value);
    }

    /// <summary>The token's text.</summary>
    public string Value { get; }

    /// <summary>192 random bits, as hex.</summary>
    public static AccessToken New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    /// <summary>Whether <paramref name="given"/> is the token, in time independent of where they differ.</summary>
    public bool Matches(string? given)
    {
        if (given is null)
            return false;
        var bytes = Encoding.UTF8.GetBytes(given);
        return CryptographicOperations.FixedTimeEquals(bytes, _value);
    }
}
