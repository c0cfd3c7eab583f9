using Microsoft.Playwright;
using PracticeCommunity.Testing;

namespace PracticeCommunity.BrowserTests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole run (every browser test is in <see cref="BrowserCollection"/>).
/// Playwright never downloads a browser here; a missing Chromium fails the run, it is never skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public MailCatcher Mail { get; private set; } = null!;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ChromiumPath}. Install Debian's package (apt-get install chromium) or run `bash tests/run-all.sh`, " +
                "which installs it; set PLAYWRIGHT_CHROMIUM_EXECUTABLE for another location. Browser tests are never skipped.");
        }
        // Artifacts describe this run only: a stale "-failure.png" from an earlier run would mislead.
        foreach (var folder in new[] { RecordedSession.ScreenshotDirectory, RecordedSession.TraceDirectory })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        Mail = await MailCatcher.SharedAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            Headless = true,
            ExecutablePath = ChromiumPath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
