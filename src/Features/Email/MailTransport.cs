using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PracticeCommunity.Features.Email;

/// <summary>Hands finished messages to the outside world, a batch at a time over one connection.</summary>
public interface IMailTransport
{
    /// <summary>Opens a connection for a batch; throws when the server cannot be reached (the whole batch waits).</summary>
    Task<IMailBatch> OpenAsync(CancellationToken ct);
}

/// <summary>One connection. <see cref="SendAsync"/> throws <see cref="MailRejectedException"/> for one message the
/// server refused; any other exception means the connection is gone.</summary>
public interface IMailBatch : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>The server answered this message with an error; <see cref="Permanent"/> for a 5xx (do not retry).</summary>
public sealed class MailRejectedException(string message, bool permanent, Exception inner) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>Sends through an SMTP server with MailKit, reusing one connection for a batch.</summary>
internal sealed class SmtpMailTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public async Task<IMailBatch> OpenAsync(CancellationToken ct)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, o.Security, ct);
            if (!string.IsNullOrEmpty(o.User))
            {
                await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
            }
            return new Batch(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Batch(SmtpClient client) : IMailBatch
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            try
            {
                await client.SendAsync(message, ct);
            }
            catch (SmtpCommandException ex) when (client.IsConnected && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
            {
                // The server refused this message (its recipient or its content) and stays connected: a 5xx is final
                // for this message only, a 4xx is worth another try. A refused sender concerns every message: that
                // one is thrown as it is, and the whole batch waits.
                var permanent = (int)ex.StatusCode is >= 500 and < 600;
                throw new MailRejectedException($"{(int)ex.StatusCode} {ex.Message}", permanent, ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException or SmtpProtocolException or OperationCanceledException)
            {
                // Leaving anyway.
            }
            client.Dispose();
        }
    }
}

/// <summary>Writes each message as an .eml file: the default, so a newcomer needs no mail server.</summary>
internal sealed class PickupFolderMailTransport(string directory, TimeProvider time) : IMailTransport
{
    public string Directory { get; } = directory;
    private TimeProvider Time { get; } = time;

    public Task<IMailBatch> OpenAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.FromResult<IMailBatch>(new Batch(this));
    }

    private sealed class Batch(PickupFolderMailTransport folder) : IMailBatch
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            var name = $"{folder.Time.GetUtcNow():yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml";
            await message.WriteToAsync(Path.Combine(folder.Directory, name), ct);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Header values built from what members wrote (titles, names) stay on one line: no CR, LF or other control characters.</summary>
public static class EmailHeaders
{
    public static string OneLine(string value, int max)
    {
        var chars = value.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? ' ' : c).ToArray();
        var line = string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
