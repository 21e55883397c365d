using System.Net;
using EventRecovery.Studio.Api;
using EventRecovery.Studio.Page;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventRecovery.Studio.Hosting;

/// <summary>
/// The studio's web server (Kestrel): the page at <c>/</c> and the API under <c>/api/</c>, every request checked for
/// the token, request bodies bounded, on loopback unless told otherwise.
/// </summary>
public sealed class StudioServer : IAsyncDisposable
{
    /// <summary>The header the page sends the token in; the page's own address carries it as <c>?token=</c>.</summary>
    public const string TokenHeader = "X-Studio-Token";

    private readonly WebApplication _app;

    private StudioServer(WebApplication app, Uri address, AccessToken token)
    {
        _app = app;
        Address = address;
        Token = token;
    }

    /// <summary>The server's root address, e.g. <c>http://127.0.0.1:8765/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The token requests must carry.</summary>
    public AccessToken Token { get; }

    /// <summary>The address to open: the page, with the token.</summary>
    public string PageUrl => $"{Address}?token={Token.Value}";

    /// <summary>Starts listening.</summary>
    /// <exception cref="IOException">The address cannot be bound (the port is taken).</exception>
    public static async Task<StudioServer> StartAsync(StudioSession session, StudioSettings settings, CancellationToken cancel = default)
    {
        // The empty builder reads no appsettings.json, environment or command line: no file in the working folder and
        // no ASPNETCORE_* variable can add an address to listen on, or anything else, behind the studio's back.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.Host, settings.Port);
        });
        var app = builder.Build();
        app.Use(
            async (context, next) =>
            {
                var headers = context.Response.Headers;
                headers.CacheControl = "no-store";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (!settings.Token.Matches(TokenOf(context.Request)))
                {
                    await StudioApi.Error(
                        context,
                        StatusCodes.Status403Forbidden,
                        "this request has no valid token: open the address event-recovery studio printed (…/?token=…)"
                    );
                    return;
                }
                try
                {
                    await next(context);
                }
                catch (BadHttpRequestException e) when (!context.Response.HasStarted)
                {
                    // Kestrel's limits (a body over the bound) surface here: answer them in words, with their status.
                    await StudioApi.Error(
                        context,
                        e.StatusCode,
                        e.StatusCode == StatusCodes.Status413PayloadTooLarge
                            ? $"the request body is over {settings.MaxBodyBytes} bytes: a configuration is far smaller"
                            : e.Message
                    );
                }
            }
        );
        app.MapGet(
            "/",
            new RequestDelegate(context =>
            {
                context.Response.Headers.ContentSecurityPolicy = StudioPage.ContentSecurityPolicy;
                context.Response.Headers.XFrameOptions = "DENY";
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(StudioPage.Text, context.RequestAborted);
            })
        );
        StudioApi.Map(app, session);
        await app.StartAsync(cancel);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = settings.Host.Equals(IPAddress.Any) || settings.Host.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : settings.Host;
        var hostText = host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        return new StudioServer(app, new Uri($"http://{hostText}:{port}/"), settings.Token);
    }

    private static string? TokenOf(HttpRequest request) =>
        request.Headers.TryGetValue(TokenHeader, out var header) ? header.ToString()
        : request.Query.TryGetValue("token", out var query) ? query.ToString()
        : null;

    /// <summary>Waits until the server stops (<paramref name="cancel"/>, e.g. Ctrl-C).</summary>
    public async Task WaitAsync(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
