using System.Net;
using System.Net.Sockets;

namespace EventRecovery.Testing;

/// <summary>Small helpers for servers started by the tests.</summary>
public static class Loopback
{
    /// <summary>A TCP port free on 127.0.0.1 at the time of the call.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository root (where EventRecovery.slnx is), found from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventRecovery.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("repository root (EventRecovery.slnx) not found above " + AppContext.BaseDirectory);
    }
}
