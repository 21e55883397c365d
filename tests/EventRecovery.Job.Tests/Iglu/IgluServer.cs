using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventRecovery.Job.Tests.Iglu;

/// <summary>
/// A static Iglu repository on loopback (Kestrel): <c>/schemas/{vendor}/{name}/{format}/{M-R-A}</c> served from a
/// directory laid out as <c>{vendor}/{name}/{format}/{M-R-A}</c> (the Iglu Central schemas of the shared reference,
/// read at test time), plus schemas a test adds. It records every request, can demand an <c>apikey</c> and can answer
/// 500 a given number of times.
/// </summary>
public sealed class IgluServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _root;

    /// <summary>Schemas added by the test, by path below <c>/schemas/</c> (<c>com.acme/x/jsonschema/1-0-0</c>).</summary>
    public ConcurrentDictionary<string, string> Schemas { get; } = new();

    /// <summary>Every request: path and the apikey header sent.</summary>
    public ConcurrentQueue<(string Path, string? ApiKey)> Requests { get; } = new();

    /// <summary>Paths answered 500 this many more times.</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    /// <summary>When set, every request waits for this task before it is answered (a slow repository).</summary>
    public Task? Hold { get; set; }

    /// <summary>When set, requests without this apikey get 401.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>The repository's base address.</summary>
    public Uri Uri { get; }

    private IgluServer(WebApplication app, string? root, Uri uri) => (_app, _root, Uri) = (app, root, uri);

    /// <summary>The Iglu Central schemas shipped with the shared reference.</summary>
    public static string ReferenceSchemas => EventRecovery.Testing.ReferenceData.Folder("iglu-schemas");

    /// <summary>Starts a server on a free loopback port serving <paramref name="root"/> (none: only added schemas).</summary>
    public static async Task<IgluServer> StartAsync(string? root = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        IgluServer? server = null;
        app.Run(context => server!.Serve(context));
        await app.StartAsync();
        var address = app.Urls.First();
        server = new IgluServer(app, root, new Uri(address));
        return server;
    }

    private async Task Serve(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var apikey = context.Request.Headers["apikey"].FirstOrDefault();
        Requests.Enqueue((path, apikey));
        if (Hold is { } hold)
            await hold;
        if (RequiredApiKey is not null && apikey != RequiredApiKey)
        {
            context.Response.StatusCode = 401;
            return;
        }
        if (Failures.TryGetValue(path, out var left) && left > 0)
        {
            Failures[path] = left - 1;
            context.Response.StatusCode = 500;
            return;
        }
        const string prefix = "/schemas/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var relative = path[prefix.Length..];
        string? body = Schemas.GetValueOrDefault(relative);
        if (body is null && _root is not null && !relative.Contains("..", StringComparison.Ordinal))
        {
            var file = Path.Combine(_root, relative);
            if (File.Exists(file))
                body = await File.ReadAllTextAsync(file);
        }
        if (body is null)
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    /// <summary>The requests made for one schema path.</summary>
    public int RequestsFor(string relative) => Requests.Count(r => r.Path == "/schemas/" + relative);

    /// <summary>An address nothing listens on: a repository that is down.</summary>
    public static Uri Down()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
