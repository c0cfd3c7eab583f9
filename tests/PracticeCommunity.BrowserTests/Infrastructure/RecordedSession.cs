using Microsoft.Playwright;
using PracticeCommunity.Testing;

namespace PracticeCommunity.BrowserTests.Infrastructure;

/// <summary>
/// A fresh browser context for one test, with a trace running. A full-page screenshot is always kept in
/// artifacts/screenshots/; on failure also a trace (artifacts/traces/, open with `playwright show-trace`).
/// </summary>
public static class RecordedSession
{
    public static string ScreenshotDirectory => RepositoryRoot.Combine("artifacts", "screenshots");
    public static string TraceDirectory => RepositoryRoot.Combine("artifacts", "traces");

    public static async Task RunAsync(IBrowser browser, Uri baseUrl, string name, Func<IPage, Task> test, ViewportSize? viewport = null)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        Directory.CreateDirectory(TraceDirectory);
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseUrl.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/Brussels",
            ViewportSize = viewport ?? new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        await context.Tracing.StartAsync(new() { Title = name, Screenshots = true, Snapshots = true });
        var page = await context.NewPageAsync();
        BlazorCircuit.Watch(page);
        var failed = false;
        try
        {
            await test(page);
        }
        catch
        {
            failed = true;
            await TryAsync(() => page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{name}-failure.png"), FullPage = true }));
            await TryAsync(() => context.Tracing.StopAsync(new() { Path = Path.Combine(TraceDirectory, $"{name}.zip") }));
            throw;
        }
        finally
        {
            await TryAsync(() => page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true }));
            if (!failed)
            {
                await TryAsync(() => context.Tracing.StopAsync());
            }
        }
    }

    // Recording must never hide the test's own outcome.
    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (PlaywrightException)
        {
        }
    }
}
