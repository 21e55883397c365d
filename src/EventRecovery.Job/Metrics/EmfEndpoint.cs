using System.Globalization;

namespace EventRecovery.Job.Metrics;

/// <summary>Where the CloudWatch agent listens for EMF: <c>udp://host:port</c> or <c>tcp://host:port</c>.</summary>
public sealed record EmfEndpoint(bool Tcp, string Host, int Port)
{
    /// <summary>The agent's default: UDP on the local host, port 25888.</summary>
    public static readonly EmfEndpoint Default = new(false, "127.0.0.1", 25888);

    /// <summary>Parses <c>udp://host:port</c> or <c>tcp://host:port</c>; throws <see cref="FormatException"/> with the reason.</summary>
    public static EmfEndpoint Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "udp" && uri.Scheme != "tcp"))
            throw new FormatException("expected udp://host:port or tcp://host:port");
        if (uri.Port is < 1 or > 65535 || uri.IsDefaultPort)
            throw new FormatException("the port is missing (the CloudWatch agent listens on 25888 by default)");
        if (uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0)
            throw new FormatException("expected no path after host:port");
        return new EmfEndpoint(uri.Scheme == "tcp", uri.IdnHost, uri.Port);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Tcp ? "tcp" : "udp")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
