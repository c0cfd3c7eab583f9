using Microsoft.AspNetCore.Mvc;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Moderation;

public static class ModerationExtensions
{
    public static IHostApplicationBuilder AddModeration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<Flags>();
        builder.Services.AddSingleton<ThreadTools>();
        builder.Services.AddSingleton<Suspensions>();
        builder.Services.AddSingleton<SuspensionHubFilter>();
        builder.Services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(o => Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<SuspensionHubFilter>(o));
        builder.Services.AddHostedService<SuspensionEnforcer>();
        return builder;
    }

    /// <summary>Right after authentication: a suspended member reaches nothing but their notice.</summary>
    public static WebApplication UseModeration(this WebApplication app)
    {
        app.UseSuspensionGate();
        return app;
    }

    public static WebApplication MapModeration(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Moderation").RequireAuthorization();

        api.MapPost("/moderation/members/{memberId}/suspension", async (string memberId, [FromBody] SuspensionInput input, Viewer viewer, Suspensions suspensions, CancellationToken ct) =>
                (await suspensions.SuspendAsync(viewer, memberId, input, ct)).ToHttp())
            .WithName("SuspendMember").WithSummary("A moderator suspends a member for 1, 3, 7 or 30 days (days: null, until lifted), with a reason the member reads")
            .Produces<SuspensionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/moderation/members/{memberId}/suspension", async (string memberId, Viewer viewer, Suspensions suspensions, CancellationToken ct) =>
                (await suspensions.LiftAsync(viewer, memberId, ct)).ToHttp())
            .WithName("LiftSuspension").WithSummary("A moderator lifts a suspension")
            .Produces<SuspensionView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/moderation/members/{memberId}/suspension", async (string memberId, Viewer viewer, Suspensions suspensions, CancellationToken ct) =>
                (await suspensions.GetAsync(viewer, memberId, ct)).ToHttp())
            .WithName("GetSuspension").WithSummary("Whether a member is suspended, until when and why (moderators)")
            .Produces<SuspensionView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/me/suspension", async (Viewer viewer, Suspensions suspensions, CancellationToken ct) =>
                (await suspensions.GetAsync(viewer, viewer.MemberId ?? "", ct)).ToHttp())
            .WithName("GetMySuspension").WithSummary("The caller's suspension notice: the one call a suspended member may make")
            .Produces<SuspensionView>();

        api.MapPost("/flags", async ([FromBody] FlagInput input, Viewer viewer, Flags flags, CancellationToken ct) =>
                (await flags.FlagAsync(viewer, input, ct)).ToHttp(f => TypedResults.Created($"/api/v1/moderation/flags/{f.Id}", f)))
            .WithName("Flag").WithSummary("Flag a post, thread or case for the moderators (once per member per target; flagged by three members, it is hidden until reviewed)")
            .Produces<FlagCreated>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/moderation/flags", async (Viewer viewer, Flags flags, CancellationToken ct) => (await flags.QueueAsync(viewer, ct)).ToHttp())
            .WithName("FlagQueue").WithSummary("The review queue: flagged content with its open flags, most-flagged first, then newest")
            .Produces<IReadOnlyList<FlaggedItem>>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/moderation/flags/{id:long}/agree", async (long id, [FromBody] AgreeInput? input, Viewer viewer, Flags flags, CancellationToken ct) =>
                (await flags.AgreeAsync(viewer, id, input ?? new AgreeInput(null), ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("AgreeWithFlag").WithSummary("Hide the flagged content with a reason its author reads; its open flags close")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/moderation/flags/{id:long}/disagree", async (long id, Viewer viewer, Flags flags, CancellationToken ct) =>
                (await flags.DisagreeAsync(viewer, id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DisagreeWithFlag").WithSummary("Keep the flagged content (or show it again if flags had hidden it); its open flags close")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/moderation/threads/{id:long}", async (long id, [FromBody] ThreadToolsInput input, Viewer viewer, ThreadTools tools, CancellationToken ct) =>
                (await tools.ChangeAsync(viewer, id, input, ct)).ToHttp())
            .WithName("ModerateThread").WithSummary("A moderator renames, locks or unlocks, pins or unpins a thread, or moves it to another room")
            .Produces<ThreadState>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/moderation/threads/{id:long}/merge", async (long id, [FromBody] MergeInput input, Viewer viewer, ThreadTools tools, CancellationToken ct) =>
                (await tools.MergeAsync(viewer, id, input, ct)).ToHttp())
            .WithName("MergeThreads").WithSummary("A moderator merges a duplicate thread into another: its posts move there, its address leads there")
            .Produces<ThreadState>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/moderation/audit", async (string? actor, string? action, DateTimeOffset? from, DateTimeOffset? to, Viewer viewer, AuditLog audit, CancellationToken ct) =>
                (await audit.ListAsync(viewer, new AuditFilter(actor, action, from, to), ct)).ToHttp())
            .WithName("ListAudit").WithSummary("The audit log, newest first (at most 500): who did what, to what, why, before and after")
            .WithDescription("actor is a member id or display name; action is an action (member.suspend) or an area (member); from and to are ISO 8601 instants.")
            .Produces<IReadOnlyList<AuditView>>().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }
}
