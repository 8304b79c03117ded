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

    public Task<IPage> NewPageAsync() => Browser.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
