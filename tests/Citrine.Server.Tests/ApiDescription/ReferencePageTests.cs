using Citrine.Server.Tests.Infrastructure;
using Citrine.Testing;
using Microsoft.Playwright;

namespace Citrine.Server.Tests.ApiDescription;

/// <summary>
/// <c>GET /docs</c> in real headless Chromium: the interactive reference renders the document's operations with
/// every request going to this server only (no CDN, fonts, telemetry), and its Content-Security-Policy allows
/// nothing else. A screenshot is kept under <c>test-results/screenshots</c>.
/// </summary>
public sealed class ReferencePageTests(SqliteServer fixture, ITestOutputHelper output)
    : IClassFixture<SqliteServer>, IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task The_reference_renders_offline_and_no_request_leaves_this_server()
    {
        var origin = fixture.Server.BaseUri.GetLeftPart(UriPartial.Authority);
        await using var context = await _chromium!.Browser.NewContextAsync();
        var requests = new List<string>();
        var violations = new List<string>();
        context.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add(request.Url);
            }
        };
        // Anything not for this server is refused before it leaves the browser, and recorded above.
        await context.RouteAsync(url => !url.StartsWith(origin + "/", StringComparison.Ordinal) && !IsLocal(url),
            route => route.AbortAsync());
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(HeadlessChromium.DefaultTimeoutMs);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.Contains("Refused to", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };

        var response = await page.GotoAsync(origin + "/docs");
        response.ShouldNotBeNull();
        response.Status.ShouldBe(200);
        var csp = (await response.AllHeadersAsync())["content-security-policy"];
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("connect-src 'self'");
        csp.ShouldNotContain("http", Case.Insensitive, "the policy names no other origin");

        // The operations of the document are rendered (sidebar entries come from the operation summaries).
        await page.GetByText("Create Order (v2)").First.WaitForAsync();
        await page.GetByText("Refund Order").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenshotAsync(page);

        var sources = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('script[src], link[href], img[src]')].map(e => e.src || e.href)");
        sources.ShouldNotBeEmpty();
        sources.ShouldAllBe(s => s.StartsWith(origin + "/", StringComparison.Ordinal));

        string[] seen;
        lock (requests)
        {
            seen = [.. requests];
        }

        output.WriteLine(string.Join('\n', seen));
        seen.ShouldContain(origin + "/openapi.json");
        seen.Where(url => !url.StartsWith(origin + "/", StringComparison.Ordinal) && !IsLocal(url))
            .ShouldBeEmpty("requests that would leave this server");
        violations.ShouldBeEmpty("the page tried to load something its Content-Security-Policy forbids");
    }

    /// <summary>Data and blob URLs never leave the browser.</summary>
    private static bool IsLocal(string url) =>
        url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal);

    private async Task ScreenshotAsync(IPage page)
    {
        var path = Path.Combine(ApiDocumentKit.RepositoryRoot(), "test-results", "screenshots");
        Directory.CreateDirectory(path);
        var file = Path.Combine(path, "api-reference.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
        output.WriteLine($"screenshot: {file}");
    }
}
