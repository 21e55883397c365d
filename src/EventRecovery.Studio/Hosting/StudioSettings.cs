using System.Net;

namespace EventRecovery.Studio.Hosting;

/// <summary>Where the studio listens and what it accepts.</summary>
public sealed record StudioSettings
{
    /// <summary>The address to listen on: loopback unless the user asks otherwise.</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The secret every request must carry.</summary>
    public AccessToken Token { get; init; } = AccessToken.New();

    /// <summary>Largest request body accepted (a configuration's text is far smaller).</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;
}
