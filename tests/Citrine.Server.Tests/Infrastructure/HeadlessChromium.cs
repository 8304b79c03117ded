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

    /// <summary>A page in a context of its own (no cookies or storage shared with other tests) with this viewport.</summary>
    public async Task<IPage> NewPageAsync(int width, int height, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(DefaultTimeoutMs);
        return page;
    }

    /// <summary>A full-page screenshot into <see cref="ArtefactDirectory"/>, its path written to the test output.</summary>
    public static async Task ScreenshotAsync(IPage page, string fileName, ITestOutputHelper output)
    {
        var path = Path.Combine(ArtefactDirectory(), fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary><c>test-results/screenshots</c> at the repository root (where scripts/test.sh keeps artefacts), else
    /// beside the test binaries.</summary>
    private static string ArtefactDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Citrine.slnx")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "test-results", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
