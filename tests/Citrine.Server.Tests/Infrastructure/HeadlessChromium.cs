using Microsoft.Playwright;

namespace Citrine.Server.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright: the path comes from <c>CITRINE_CHROMIUM</c> (default /usr/bin/chromium) and
/// Playwright never downloads a browser. The flags keep Chromium off the network this machine does not have.
/// </summary>
public sealed class HeadlessChromium(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>
    /// Waits are generous because a 2-core CI box runs Chromium beside the server and the databases; a wait only takes
    /// this long when the page really failed.
    /// </summary>
    public const float DefaultTimeoutMs = 60_000;

    public IBrowser Browser { get; } = browser;

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CITRINE_CHROMIUM") is { Length: > 0 } path
                ? path
                : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        return new HeadlessChromium(playwright, browser);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout(DefaultTimeoutMs);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
