using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Email;

public static partial class EmailExtensions
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Smtp:From must be an email address, for example \"PracticeCommunity <no-reply@example.org>\".")
            .ValidateOnStart();

        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SmtpOptions>>().Value;
            if (options.UsesSmtp)
            {
                return new SmtpMailTransport(sp.GetRequiredService<IOptions<SmtpOptions>>());
            }
            var folder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, options.PickupDirectory));
            LogPickupFolder(sp.GetRequiredService<ILoggerFactory>().CreateLogger("PracticeCommunity.Email"), folder);
            return new PickupFolderMailTransport(folder, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddSingleton<IdentityEmailSender>();
        builder.Services.AddSingleton<IEmailSender<Member>>(sp => sp.GetRequiredService<IdentityEmailSender>());
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No Smtp:Host is set: outgoing email is written as .eml files to {Folder}")]
    private static partial void LogPickupFolder(ILogger logger, string folder);
}
