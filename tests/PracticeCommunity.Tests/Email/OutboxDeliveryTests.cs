using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Rooms;

namespace PracticeCommunity.Tests.Email;

/// <summary>
/// Issue 11: delivery against real SMTP servers that misbehave. A server that is down for a while gets everything
/// once it is back; a 5xx for one recipient fails that message only; a 4xx is retried with back-off and then marked
/// failed; a batch goes over one connection; moderators retry a failed message.
/// </summary>
public sealed class OutboxDeliveryTests
{
    private static async Task QueueAsync(CommunityAppFactory app, params string[] recipients)
    {
        var outbox = app.Services.GetRequiredService<EmailOutbox>();
        // One transaction, one wake-up: the dispatcher finds them all in one batch.
        await app.InDatabaseAsync(async db =>
        {
            foreach (var to in recipients)
                outbox.Add(db, to, OutboxKinds.Other, $"Delivery test to {to}", new RenderedEmail($"<p>Hello {to}</p>", $"Hello {to}"));
            return await db.SaveChangesAsync();
        });
        outbox.Wake();
    }

    private static Task<List<OutboxMessage>> MessagesAsync(CommunityAppFactory app) =>
        app.InDatabaseAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == OutboxKinds.Other).OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task When_the_mail_server_is_down_for_a_while_everything_queued_arrives_once_it_is_back()
    {
        // Learn two free ports from a catcher, then stop it: the app starts with nobody answering there.
        var first = await MailCatcher.StartAsync();
        var (smtpPort, webPort) = (first.SmtpPort, first.WebPort);
        await first.DisposeAsync();
        await using var app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Smtp:Port"] = smtpPort.ToString(), ["Email:RetryBaseSeconds"] = "1", ["Email:MaxAttempts"] = "12",
            },
        });
        _ = app.Server;
        var recipients = Enumerable.Range(1, 5).Select(i => Unique.Email($"down{i}")).ToArray();
        await QueueAsync(app, recipients);
        await Eventually.TrueAsync(async () => (await MessagesAsync(app)).All(m => m.Attempts >= 2), "two failed attempts each", TimeSpan.FromSeconds(20));
        var waiting = await MessagesAsync(app);
        Assert.All(waiting, m => Assert.Null(m.SentAt));
        Assert.All(waiting, m => Assert.Null(m.FailedAt));
        Assert.All(waiting, m => Assert.False(string.IsNullOrEmpty(m.LastError)));

        await using var back = await MailCatcher.StartOnAsync(smtpPort, webPort);
        foreach (var to in recipients) await back.WaitForEmailToAsync(to, timeout: TimeSpan.FromSeconds(40));
        await Eventually.TrueAsync(async () => (await MessagesAsync(app)).All(m => m.SentAt != null), "all marked sent");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var caught = await back.GetAllAsync();
        Assert.Equal(recipients.Order(), caught.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_5xx_fails_that_message_only_a_4xx_is_retried_then_failed_a_batch_uses_one_connection_and_moderators_retry()
    {
        await using var server = await RefusingSmtpServer.StartAsync();
        await using var app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Smtp:Port"] = server.Port.ToString(), ["Email:RetryBaseSeconds"] = "1", ["Email:MaxAttempts"] = "3",
            },
        });
        using var moderator = await app.JoinAsAsync(Persona.Moderator);
        string ok1 = Unique.Email("ok1"), refused = Unique.Email("refuse"), ok2 = Unique.Email("ok2"), later = Unique.Email("later");
        await QueueAsync(app, ok1, refused, ok2, later);

        await Eventually.TrueAsync(() => server.Delivered.Contains(ok1) && server.Delivered.Contains(ok2), "the two good messages", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(async () => (await MessagesAsync(app)).Single(m => m.To == later).FailedAt is not null, "the 4xx to give up", TimeSpan.FromSeconds(30));
        var messages = await MessagesAsync(app);
        var refusedRow = messages.Single(m => m.To == refused);
        Assert.NotNull(refusedRow.FailedAt);
        Assert.Equal(1, refusedRow.Attempts);
        Assert.StartsWith("550", refusedRow.LastError);
        var laterRow = messages.Single(m => m.To == later);
        Assert.Equal(3, laterRow.Attempts);
        Assert.StartsWith("451", laterRow.LastError);
        Assert.All(messages.Where(m => m.To == ok1 || m.To == ok2), m => Assert.NotNull(m.SentAt));
        // The first batch of four went over one connection; each of the two retries of the 4xx opened its own.
        Assert.Equal(3, server.Connections);
        Assert.Equal(2, server.Delivered.Count);

        // The moderator sees the failure with the server's answer and sends it again: one more attempt, refused again.
        var failed = await moderator.Http.GetJsonAsync("/api/v1/moderation/outbox?state=Failed");
        var item = failed.GetProperty("items").EnumerateArray().Single(i => i.Str("to") == refused);
        Assert.StartsWith("550", item.Str("lastError"));
        Assert.True(item.GetProperty("canRetry").GetBoolean());
        using (var retry = await moderator.Http.PostAsync($"/api/v1/moderation/outbox/{item.Id()}/retry", null))
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await Eventually.TrueAsync(() => server.Connections == 4, "the retry's connection", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(async () => (await MessagesAsync(app)).Single(m => m.To == refused).FailedAt is not null, "the retry to fail again");
        using (var again = await moderator.Http.PostAsync($"/api/v1/moderation/outbox/{messages.Single(m => m.To == ok1).Id}/retry", null))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var audit = await moderator.Http.GetJsonAsync("/api/v1/moderation/audit?action=outbox");
        Assert.Contains(audit.EnumerateArray(), e => e.Str("action") == "outbox.retry");
    }

    /// <summary>tests/Shared/refusing-smtp.js under node: 550 for "refuse…", 451 for "later…", counts connections and deliveries.</summary>
    private sealed class RefusingSmtpServer : IAsyncDisposable
    {
        private readonly Process _process;
        private int _connections;

        private RefusingSmtpServer(Process process, int port) => (_process, Port) = (process, port);

        public int Port { get; }
        public int Connections => Volatile.Read(ref _connections);
        public ConcurrentBag<string> Delivered { get; } = [];

        public static async Task<RefusingSmtpServer> StartAsync()
        {
            var port = FreePort.Next();
            var info = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
            info.ArgumentList.Add(RepositoryRoot.Combine("tests", "Shared", "refusing-smtp.js"));
            info.ArgumentList.Add(port.ToString());
            var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
            var server = new RefusingSmtpServer(process, port);
            var listening = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                if (e.Data.StartsWith("LISTENING", StringComparison.Ordinal)) listening.TrySetResult();
                else if (e.Data == "CONNECT") Interlocked.Increment(ref server._connections);
                else if (e.Data.StartsWith("DELIVERED ", StringComparison.Ordinal)) server.Delivered.Add(e.Data["DELIVERED ".Length..]);
            };
            process.BeginOutputReadLine();
            var error = process.StandardError.ReadToEndAsync();
            if (await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(20))) != listening.Task)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The refusing SMTP server did not start: {await error}");
            }
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
