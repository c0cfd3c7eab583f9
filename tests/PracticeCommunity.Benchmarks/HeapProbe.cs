using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// What a server process keeps alive: asks its runtime (over EventPipe, as dotnet-gcdump does) for a full blocking
/// collection and reads the bytes of objects that survive it (free space between them left out). Unlike the resident
/// set, this does not count garbage waiting for the next collection or memory the GC keeps in reserve.
/// </summary>
internal static class HeapProbe
{
    public static async Task<long> LiveManagedBytesAsync(int pid, CancellationToken ct)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var result = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var induced = false;
        source.Clr.GCStart += e => induced = e.Depth == 2 && e.Reason is GCReason.Induced or GCReason.InducedNotForced;
        source.Clr.GCHeapStats += e =>
        {
            if (induced) result.TrySetResult(e.TotalPromoted);
        };
        var processing = Task.Run(source.Process, ct);
        try
        {
            return await result.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        }
        finally
        {
            await session.StopAsync(ct);
            await processing.WaitAsync(TimeSpan.FromSeconds(10), ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
