using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PracticeCommunity.BrowserTests.Rooms;

/// <summary>
/// A minimal SignalR client (JSON hub protocol over a WebSocket, no negotiation, token as <c>access_token</c>, as the
/// browser clients send it) for "another member posts over the hub" while a browser watches. It speaks the wire
/// protocol itself because this project does not reference Microsoft.AspNetCore.SignalR.Client; the integration
/// tests use that client.
/// </summary>
public sealed class HubWire : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket = new();
    private readonly Queue<string> _pending = new();
    private readonly StringBuilder _partial = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder(); // a character may be split across frames
    private int _nextInvocation;

    private HubWire()
    {
    }

    public static async Task<HubWire> ConnectAsync(Uri server, string accessToken)
    {
        var url = new UriBuilder(server)
        {
            Scheme = server.Scheme == "https" ? "wss" : "ws",
            Path = "/hubs/community",
            Query = "access_token=" + Uri.EscapeDataString(accessToken),
        }.Uri;
        var wire = new HubWire();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await wire._socket.ConnectAsync(url, timeout.Token);
        await wire.SendAsync("{\"protocol\":\"json\",\"version\":1}", timeout.Token);
        var handshake = await wire.ReceiveAsync(timeout.Token);
        if (handshake.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"Hub handshake refused: {error}");
        }
        return wire;
    }

    /// <summary>Calls a hub method and returns its result; a hub error becomes an exception with the server's message.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = (++_nextInvocation).ToString();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }), timeout.Token);
        while (true)
        {
            var message = await ReceiveAsync(timeout.Token);
            var type = message.GetProperty("type").GetInt32();
            if (type == 7)
            {
                throw new InvalidOperationException($"The hub closed the connection: {message}");
            }
            if (type != 3 || message.GetProperty("invocationId").GetString() != id)
            {
                continue; // events and pings
            }
            if (message.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"{target} failed: {error.GetString()}");
            }
            return message.TryGetProperty("result", out var result) ? result.Clone() : default;
        }
    }

    private Task SendAsync(string json, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, ct);

    private async Task<JsonElement> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (_pending.Count == 0)
        {
            var read = await _socket.ReceiveAsync(buffer, ct);
            if (read.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The hub closed the WebSocket: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }
            var chars = new char[Encoding.UTF8.GetMaxCharCount(read.Count)];
            _partial.Append(chars, 0, _utf8.GetChars(buffer, 0, read.Count, chars, 0));
            var text = _partial.ToString();
            var end = text.LastIndexOf(RecordSeparator);
            if (end < 0)
            {
                continue;
            }
            foreach (var record in text[..end].Split(RecordSeparator))
            {
                _pending.Enqueue(record);
            }
            _partial.Clear().Append(text[(end + 1)..]);
        }
        using var document = JsonDocument.Parse(_pending.Dequeue());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Closing is best effort.
        }
        _socket.Dispose();
    }
}
