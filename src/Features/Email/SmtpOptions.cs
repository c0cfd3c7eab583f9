using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace PracticeCommunity.Features.Email;

/// <summary>
/// Outgoing email. With no <see cref="Host"/>, messages are written as .eml files to <see cref="PickupDirectory"/>.
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>MailKit's names: None, StartTls, SslOnConnect, Auto (and StartTlsWhenAvailable).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? User { get; set; }
    public string? Password { get; set; }

    [Required]
    public string From { get; set; } = "PracticeCommunity <no-reply@practicecommunity.local>";

    /// <summary>Folder for .eml files when no SMTP host is set; relative paths are under the content root.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "data/mail";

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);
}
