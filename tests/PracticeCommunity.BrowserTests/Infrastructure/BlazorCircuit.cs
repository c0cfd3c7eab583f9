using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Playwright;

namespace PracticeCommunity.BrowserTests.Infrastructure;

/// <summary>
/// Knows when an interactive page has been taken over by its Blazor circuit: the server's first render batch
/// ("JS.RenderBatch" on the /_blazor WebSocket) after the last navigation. Before that, the page is prerendered
/// HTML whose buttons do nothing and whose state the circuit resets.
/// </summary>
public sealed class BlazorCircuit
{
    private static readonly ConditionalWeakTable<IPage, BlazorCircuit> Circuits = [];
    private static readonly byte[] RenderBatch = Encoding.ASCII.GetBytes("JS.RenderBatch");

    private readonly IPage _page;
    private TaskCompletionSource _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BlazorCircuit(IPage page)
    {
        _page = page;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame && _rendered.Task.IsCompleted)
            {
                _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        };
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                return;
            }
            socket.FrameReceived += (_, frame) =>
            {
                var payload = frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? "");
                if (payload.AsSpan().IndexOf(RenderBatch) >= 0)
                {
                    _rendered.TrySetResult();
                }
            };
        };
    }

    /// <summary>Starts watching; call before the first navigation.</summary>
    public static void Watch(IPage page) => Circuits.GetValue(page, p => new BlazorCircuit(p));

    public static async Task WaitAsync(IPage page, TimeSpan? timeout = null)
    {
        if (!Circuits.TryGetValue(page, out var circuit))
        {
            throw new InvalidOperationException("BlazorCircuit.Watch was not called for this page.");
        }
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        try
        {
            await circuit._rendered.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The Blazor circuit of {circuit._page.Url} did not render within {limit.TotalSeconds:0} s: the page is not interactive.");
        }
        // Let the browser apply the batch before the next action: the next animation frame comes after it.
        await circuit._page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => done()))");
    }
}

public static class BlazorPageExtensions
{
    public static Task WaitForBlazorAsync(this IPage page) => BlazorCircuit.WaitAsync(page);

    /// <summary>
    /// Waits until every image on the page has loaded or failed, so any handler a hostile image could carry has had
    /// its chance to run (then a frame more, for the error events queued with the last ones).
    /// </summary>
    public static async Task ImagesSettledAsync(this IPage page)
    {
        await page.WaitForFunctionAsync("() => [...document.images].every(image => image.complete)");
        await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))");
    }
}
