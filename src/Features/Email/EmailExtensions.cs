using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Security;

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
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

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
        builder.Services.AddSingleton<EmailRenderer>();
        builder.Services.AddSingleton<UnsubscribeLinks>();
        builder.Services.AddSingleton<EmailSettingsService>();
        builder.Services.AddSingleton<NotificationMailer>();
        builder.Services.AddSingleton<DigestComposer>();
        builder.Services.AddSingleton<DigestRunner>();
        builder.Services.AddSingleton<OutboxReview>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHostedService<EmailWorker>();
        builder.Services.AddSingleton<IdentityEmailSender>();
        builder.Services.AddSingleton<IEmailSender<Member>>(sp => sp.GetRequiredService<IdentityEmailSender>());
        return builder;
    }

    public static WebApplication MapEmail(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Email").RequireAuthorization();
        api.MapGet("/me/email", async (Viewer viewer, EmailSettingsService settings, CancellationToken ct) =>
                await settings.GetAsync(viewer, ct) is { } view ? Results.Ok(view) : Results.Unauthorized())
            .WithName("GetMyEmailSettings").WithSummary("The caller's digest schedule (in their time zone) and notification emails, with when the next digest is due")
            .Produces<EmailSettingsView>();
        api.MapPut("/me/email", async ([FromBody] EmailSettingsInput input, Viewer viewer, EmailSettingsService settings, CancellationToken ct) =>
                (await settings.UpdateAsync(viewer, input, ct)).ToHttp())
            .WithName("UpdateMyEmailSettings").WithSummary("Change the digest (Daily, Weekly or Off; hour 0–23; weekday) and which notifications are emailed; fields left out keep their value")
            .Produces<EmailSettingsView>().ProducesValidationProblem();
        api.MapGet("/me/digest/preview", async (string? memberId, Viewer viewer, DigestRunner digests, HttpContext context, CancellationToken ct) =>
                (await digests.PreviewAsync(viewer, memberId, ct)).ToHttp(preview =>
                {
                    // An email's HTML, opened on its own: a sandboxed document with nothing to run.
                    SecurityHeaders.MarkAsEmailDocument(context);
                    context.Response.Headers["X-Digest-Has-News"] = preview.Model.HasNews ? "true" : "false";
                    return TypedResults.Content(preview.Body.Html, "text/html; charset=utf-8");
                }))
            .WithName("PreviewMyDigest").WithSummary("The next digest as it would be sent now (text/html); moderators add ?memberId= to see any member's. X-Digest-Has-News: false when nothing new would send no email")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/moderation/outbox", async (string? state, int? take, Viewer viewer, OutboxReview outbox, CancellationToken ct) =>
                (await outbox.ListAsync(viewer, state, take ?? 100, ct)).ToHttp())
            .WithTags("Moderation").WithName("Outbox").WithSummary("Outgoing email, newest first: queued, sent and failed (with the error); ?state=Queued|Sent|Failed")
            .Produces<OutboxListing>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/moderation/outbox/{id:long}/retry", async (long id, Viewer viewer, OutboxReview outbox, CancellationToken ct) =>
                (await outbox.RetryAsync(viewer, id, ct)).ToHttp())
            .WithTags("Moderation").WithName("RetryEmail").WithSummary("Send a failed email again (a fresh set of attempts)")
            .Produces<OutboxItem>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // RFC 8058 one-click unsubscribe: mail programs POST "List-Unsubscribe=One-Click" here, without a cookie. The
        // signed token is the only authority and turns off exactly the topics of the email it came in. The page at the
        // same address (GET) asks first, because link checkers open links without a person.
        app.MapPost("/email/unsubscribe", async (string? token, string? from, UnsubscribeLinks links, EmailSettingsService settings, CancellationToken ct) =>
            {
                var page = from == "page";
                var pageUrl = $"/email/unsubscribe?token={Uri.EscapeDataString(token ?? "")}";
                if (links.Read(token) is not { } grant || await settings.UnsubscribeAsync(grant, ct) is null)
                {
                    return page ? Results.Redirect(pageUrl, preserveMethod: false)
                        : TypedResults.Problem(statusCode: 400, title: "Invalid unsubscribe link",
                            detail: "This unsubscribe link is not valid or has expired. Sign in and change your email settings at /me/email.");
                }
                return page ? Results.Redirect(pageUrl + "&done=1", preserveMethod: false) : TypedResults.Ok(new { unsubscribed = grant.Topics });
            })
            .DisableAntiforgery().WithOrder(-1).AllowAnonymous()
            .WithTags("Email").WithName("OneClickUnsubscribe").WithSummary("RFC 8058 one-click unsubscribe with the token from an email's List-Unsubscribe header; no sign-in")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No Smtp:Host is set: outgoing email is written as .eml files to {Folder}")]
    private static partial void LogPickupFolder(ILogger logger, string folder);
}
