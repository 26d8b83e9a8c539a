using Microsoft.Playwright;

namespace Orders.Monitor.Tests.Support;

/// <summary>
/// A restricted nats-server, one monitor and one headless Chromium shared by the browser tests.
/// The browser is Debian's /usr/bin/chromium; Playwright never downloads one
/// (<c>PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1</c>, and <c>playwright install</c> is never called).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private RestrictedNats? _nats;
    private MonitorInstance? _monitor;
    private IPlaywright? _playwright;

    internal RestrictedNats Nats => _nats ?? throw new InvalidOperationException("Not started.");

    internal MonitorInstance Monitor => _monitor ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _nats = await RestrictedNats.StartAsync();
        _monitor = await MonitorInstance.StartAsync(_nats);
        await _monitor.WaitUntilWatchingAsync();
        // Expect(...) has its own default of 5 s, separate from the page's timeout: on a loaded CI
        // machine an event can take longer than that to travel NATS -> monitor -> SSE -> DOM.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
