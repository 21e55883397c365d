using System.Net;
using EventRecovery.Studio.Hosting;
using EventRecovery.Studio.Tests.Fixtures;

namespace EventRecovery.Studio.Tests.Api;

/// <summary>Every request needs the token: another local user or a web page in the same browser cannot drive the studio.</summary>
public sealed class TokenTests
{
    public static TheoryData<string, string> Endpoints =>
        new()
        {
            { "GET", "/" },
            { "GET", "/api/overview" },
            { "GET", "/api/rows" },
            { "GET", "/api/rows/0" },
            { "GET", "/api/config" },
            { "POST", "/api/config/validate" },
            { "POST", "/api/config/save" },
            { "POST", "/api/config/export" },
            { "GET", "/api/runs/latest" },
            { "POST", "/api/runs" },
            { "POST", "/api/runs/1/cancel" },
            { "GET", "/api/no-such-endpoint" },
        };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Refused_without_the_token_or_with_a_wrong_one(string method, string path)
    {
        await using var studio = await ExampleStudio.StartAsync();
        var original = await File.ReadAllTextAsync(studio.ConfigPath);
        using var anonymous = new HttpClient { BaseAddress = studio.Server.Address };
        var token = studio.Server.Token.Value;
        // Same length, one character changed; a prefix; the token in another case; none at all.
        var wrong = new[] { token[..^1] + (token[^1] == 'a' ? 'b' : 'a'), token[..8], token.ToUpperInvariant(), null };
        foreach (var given in wrong)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (given is not null)
                request.Headers.Add(StudioServer.TokenHeader, given);
            var body = $$"""{"text": {{System.Text.Json.JsonSerializer.Serialize(ExampleStudio.FixedConfig())}}}""";
            if (method == "POST")
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("token", await response.Content.ReadAsStringAsync());
        }
        // Nothing a refused request asked for happened: no save, no run.
        Assert.Equal(original, await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.False(File.Exists(studio.ConfigPath + ".bak"));
        Assert.Equal(1, studio.Session.Runner.Status()!.Number);
    }

    [Fact]
    public async Task The_page_opens_with_the_token_in_its_address_and_allows_no_other_origin()
    {
        await using var studio = await ExampleStudio.StartAsync();
        using var browser = new HttpClient();
        using var response = await browser.GetAsync(studio.Server.PageUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>event-recovery studio</title>", html);
        // Stylesheet and script are inlined: the page makes no request for assets.
        Assert.DoesNotContain("/*studio.js*/", html);
        Assert.DoesNotContain("/*studio.css*/", html);
        Assert.DoesNotContain("src=\"http", html);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_API_takes_the_token_in_a_header_or_the_address()
    {
        await using var studio = await ExampleStudio.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = studio.Server.Address };
        using var byQuery = await anonymous.GetAsync($"/api/overview?token={studio.Server.Token.Value}");
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        using var byHeader = await studio.Client.GetAsync("/api/overview");
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Fact]
    public void Tokens_are_random_and_compared_whole()
    {
        var a = AccessToken.New();
        var b = AccessToken.New();
        Assert.NotEqual(a.Value, b.Value);
        Assert.True(a.Value.Length >= 32);
        Assert.True(a.Matches(a.Value));
        Assert.False(a.Matches(b.Value));
        Assert.False(a.Matches(a.Value + "0"));
        Assert.False(a.Matches(""));
        Assert.False(a.Matches(null));
    }
}
