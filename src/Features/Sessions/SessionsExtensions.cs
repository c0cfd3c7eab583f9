using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PracticeCommunity.Data;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Sessions;

public static class SessionsExtensions
{
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SessionCalendar>();
        builder.Services.AddSingleton<SessionEmails>();
        builder.Services.AddSingleton<SessionService>();
        builder.Services.AddSingleton<RegistrationService>();
        builder.Services.AddSingleton<CalendarFeed>();
        builder.Services.AddSingleton<SessionLive>();
        builder.Services.AddSingleton<SessionHarvest>();
        builder.Services.AddSingleton<SessionReminders>();
        builder.Services.AddSingleton<SessionProposals>();
        builder.Services.AddSingleton<SessionSlots>();
        builder.Services.AddHostedService<SessionReminderWorker>();
        return builder;
    }

    public static WebApplication MapSessions(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Sessions").RequireAuthorization();

        api.MapGet("/sessions", async (string? from, string? to, string? format, string? productGroup, bool? past, Viewer viewer, SessionService sessions, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                var fromAt = Instant(from, "from", errors);
                var toAt = Instant(to, "to", errors);
                SessionFormat? wanted = null;
                if (!string.IsNullOrWhiteSpace(format) && (wanted = EnumNames.Parse<SessionFormat>(format)) is null) errors["format"] = ["Unknown format."];
                if (!string.IsNullOrWhiteSpace(productGroup) && !ProductGroups.IsKnown(productGroup.Trim().ToLowerInvariant())) errors["productGroup"] = ["Unknown product group."];
                if (errors.Count > 0) return (IResult)TypedResults.ValidationProblem(errors);
                return (await sessions.ListAsync(viewer, new SessionFilter(fromAt, toAt, wanted, productGroup, past ?? false), ct)).ToHttp();
            })
            .WithName("ListSessions").WithSummary("Upcoming sessions the caller may see (past=true: held ones, newest first)")
            .WithDescription("from and to are ISO 8601 instants (2027-03-01T00:00:00Z) or dates; format is one of the session formats.")
            .Produces<IReadOnlyList<SessionListItem>>().ProducesValidationProblem();

        api.MapGet("/sessions/{id:long}", async (long id, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.GetAsync(viewer, id, ct)).ToHttp())
            .WithName("GetSession").WithSummary("One session; the place and the link only for confirmed registrants, presenters and moderators")
            .Produces<SessionDetail>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/sessions", async ([FromBody] ScheduleSessionInput input, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.ScheduleAsync(viewer, input, ct)).ToHttp(created => TypedResults.Created($"/api/v1/sessions/{created.Id}", created)))
            .WithName("ScheduleSession").WithSummary("A moderator schedules a session (the agenda comes from the format when omitted)")
            .Produces<SessionDetail>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPut("/sessions/{id:long}", async (long id, [FromBody] ScheduleSessionInput input, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.UpdateAsync(viewer, id, input, ct)).ToHttp())
            .WithName("UpdateSession").WithSummary("Reschedule or edit: raises the SEQUENCE and emails the registrants an updated calendar entry")
            .Produces<SessionDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/sessions/{id:long}/cancel", async (long id, [FromBody] CancelSessionInput? input, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.CancelAsync(viewer, id, input ?? new CancelSessionInput(), ct)).ToHttp())
            .WithName("CancelSession").WithSummary("Cancel a session with a reason; registrants get a cancelling calendar entry")
            .Produces<SessionDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/sessions/{id:long}/registration", async (long id, Viewer viewer, RegistrationService registrations, CancellationToken ct) =>
                (await registrations.RegisterAsync(viewer, id, ct)).ToHttp(result => TypedResults.Created($"/api/v1/sessions/{id}", result)))
            .WithName("RegisterForSession").WithSummary("Register: Confirmed, Waitlisted (with position) or Requested; 409 when already registered")
            .Produces<RegistrationResult>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/sessions/{id:long}/registration", async (long id, Viewer viewer, RegistrationService registrations, CancellationToken ct) =>
                (await registrations.CancelAsync(viewer, id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("CancelRegistration").WithSummary("Give up my place; the first on the waitlist is promoted and emailed")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/sessions/{id:long}/registrations", async (long id, Viewer viewer, RegistrationService registrations, CancellationToken ct) =>
                (await registrations.ListAsync(viewer, id, ct)).ToHttp())
            .WithName("ListRegistrations").WithSummary("Moderators: who registered, asked or waits, in queue order")
            .Produces<IReadOnlyList<RegistrantView>>().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/sessions/{id:long}/registrations/{memberId}/decision", async (long id, string memberId, [FromBody] DecisionInput input, Viewer viewer, RegistrationService registrations, CancellationToken ct) =>
                (await registrations.DecideAsync(viewer, id, memberId, input.Accept, ct)).ToHttp())
            .WithName("DecideRegistration").WithSummary("Moderators accept or decline a request (\"moderator selects\" sessions)")
            .Produces<RegistrationResult>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/sessions/{id:long}/calendar.ics", async (long id, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.CalendarAsync(viewer, id, ct)).ToHttp(ics => TypedResults.Text(ics, "text/calendar; charset=utf-8")))
            .WithName("SessionCalendar").WithSummary("One session as iCalendar")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/me/action-items", async (Viewer viewer, SessionHarvest harvest, CancellationToken ct) => TypedResults.Ok(await harvest.MineAsync(viewer, ct)))
            .WithName("ListMyActionItems").WithSummary("The caller's open action items from session harvests, soonest due first");
        api.MapPost("/action-items/{id:long}/done", async (long id, Viewer viewer, SessionHarvest harvest, CancellationToken ct) =>
                (await harvest.CompleteAsync(viewer, id, true, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("CompleteActionItem").WithSummary("Mark an action item done (its owner or a moderator)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapDelete("/action-items/{id:long}/done", async (long id, Viewer viewer, SessionHarvest harvest, CancellationToken ct) =>
                (await harvest.CompleteAsync(viewer, id, false, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("ReopenActionItem").WithSummary("Open an action item again")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);

        // ---------- one-to-one slots ----------
        api.MapGet("/sessions/{id:long}/slots", async (long id, Viewer viewer, SessionSlots slots, CancellationToken ct) => (await slots.ListAsync(viewer, id, ct)).ToHttp())
            .WithName("ListSlots").WithSummary("One-to-one slots of a buyer-meets-supplier session (who booked: only for the host, the booker and moderators)")
            .Produces<IReadOnlyList<SlotView>>();
        api.MapPost("/sessions/{id:long}/slots", async (long id, [FromBody] SlotsInput input, Viewer viewer, SessionSlots slots, CancellationToken ct) =>
                (await slots.OpenAsync(viewer, id, input, ct)).ToHttp())
            .WithName("OpenSlots").WithSummary("Moderators open back-to-back one-to-one slots for buyer hosts")
            .Produces<IReadOnlyList<SlotView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/sessions/{id:long}/slots/{slotId:long}/booking", async (long id, long slotId, Viewer viewer, SessionSlots slots, CancellationToken ct) =>
                (await slots.BookAsync(viewer, id, slotId, true, ct)).ToHttp())
            .WithName("BookSlot").WithSummary("A supplier with a confirmed place books a slot (at most 3, one per buyer)")
            .Produces<IReadOnlyList<SlotView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/sessions/{id:long}/slots/{slotId:long}/booking", async (long id, long slotId, Viewer viewer, SessionSlots slots, CancellationToken ct) =>
                (await slots.BookAsync(viewer, id, slotId, false, ct)).ToHttp())
            .WithName("FreeSlot").WithSummary("Free a booked slot (the booker or a moderator)")
            .Produces<IReadOnlyList<SlotView>>().ProducesProblem(StatusCodes.Status403Forbidden);

        // ---------- series ----------
        api.MapPost("/series/{id:long}/registration", async (long id, Viewer viewer, RegistrationService registrations, CancellationToken ct) =>
                (await registrations.RegisterSeriesAsync(viewer, id, ct)).ToHttp())
            .WithName("RegisterForSeries").WithSummary("Register for every coming meeting of a series, each by its own places and waitlist")
            .Produces<IReadOnlyList<SeriesRegistration>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/series/{id:long}/calendar.ics", async (long id, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.SeriesCalendarAsync(viewer, id, ct)).ToHttp(ics => TypedResults.Text(ics, "text/calendar; charset=utf-8")))
            .WithName("SeriesCalendar").WithSummary("A whole series as iCalendar, one event per meeting")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/series/{id:long}/calendar.ics", async (long id, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.SeriesCalendarAsync(viewer, id, ct)).ToHttp(ics => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"series-{id}.ics")))
            .RequireAuthorization().ExcludeFromDescription();

        // ---------- proposals ----------
        api.MapGet("/session-proposals", async (bool? all, Viewer viewer, SessionProposals proposals, CancellationToken ct) =>
                (await proposals.ListAsync(viewer, openOnly: !(all ?? false), ct)).ToHttp())
            .WithName("ListSessionProposals").WithSummary("Proposed sessions, most +1s first (all=true: with scheduled and declined ones)")
            .Produces<IReadOnlyList<ProposalView>>();
        api.MapPost("/session-proposals", async ([FromBody] ProposalInput input, Viewer viewer, SessionProposals proposals, CancellationToken ct) =>
                (await proposals.ProposeAsync(viewer, input, ct)).ToHttp(p => TypedResults.Created($"/api/v1/session-proposals/{p.Id}", p)))
            .WithName("ProposeSession").WithSummary("Propose a session: title, why it matters, format, linked rooms")
            .Produces<ProposalView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/session-proposals/{id:long}/vote", async (long id, Viewer viewer, SessionProposals proposals, CancellationToken ct) =>
                (await proposals.VoteAsync(viewer, id, true, ct)).ToHttp())
            .WithName("VoteForProposal").WithSummary("+1 a proposal (once per member)").Produces<ProposalView>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/session-proposals/{id:long}/vote", async (long id, Viewer viewer, SessionProposals proposals, CancellationToken ct) =>
                (await proposals.VoteAsync(viewer, id, false, ct)).ToHttp())
            .WithName("WithdrawProposalVote").WithSummary("Take back a +1").Produces<ProposalView>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/session-proposals/{id:long}/decline", async (long id, Viewer viewer, SessionProposals proposals, CancellationToken ct) =>
                (await proposals.DeclineAsync(viewer, id, ct)).ToHttp())
            .WithName("DeclineProposal").WithSummary("Moderators close a proposal without a session").Produces<ProposalView>().ProducesProblem(StatusCodes.Status403Forbidden);

        // ---------- live mode and harvest ----------
        api.MapGet("/sessions/{id:long}/live", async (long id, Viewer viewer, SessionLive live, CancellationToken ct) => (await live.GetAsync(viewer, id, ct)).ToHttp())
            .WithName("GetLiveSession").WithSummary("The live session: current agenda item, notes, hands and check-ins (attendees, presenters, moderators)")
            .Produces<LiveView>().ProducesProblem(StatusCodes.Status403Forbidden);
        foreach (var (action, step) in new[] { ("start", 0), ("next", 1), ("previous", -1), ("end", 2) })
        {
            api.MapPost($"/sessions/{{id:long}}/live/{action}", async (long id, Viewer viewer, SessionLive live, CancellationToken ct) =>
                    (step switch
                    {
                        0 => await live.StartAsync(viewer, id, ct),
                        2 => await live.EndAsync(viewer, id, ct),
                        _ => await live.MoveAsync(viewer, id, step, ct),
                    }).ToHttp())
                .WithName($"LiveSession{char.ToUpperInvariant(action[0])}{action[1..]}").WithSummary($"A moderator runs the live session: {action}")
                .Produces<LiveView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        }
        api.MapPut("/sessions/{id:long}/live/notes", async (long id, [FromBody] LiveNotesInput? input, Viewer viewer, SessionLive live, CancellationToken ct) =>
                (await live.SaveNotesAsync(viewer, id, input?.Notes, ct)).ToHttp())
            .WithName("SaveLiveNotes").WithSummary("A moderator writes the shared notes (at most 20,000 characters)")
            .Produces<LiveView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/sessions/{id:long}/live/hand", async (long id, Viewer viewer, SessionLive live, CancellationToken ct) => (await live.SetMyHandAsync(viewer, id, true, ct)).ToHttp())
            .WithName("RaiseHand").WithSummary("Raise my hand").Produces<LiveView>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/sessions/{id:long}/live/hand", async (long id, Viewer viewer, SessionLive live, CancellationToken ct) => (await live.SetMyHandAsync(viewer, id, false, ct)).ToHttp())
            .WithName("LowerMyHand").WithSummary("Lower my hand").Produces<LiveView>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/sessions/{id:long}/live/hands/{handId:long}", async (long id, long handId, Viewer viewer, SessionLive live, CancellationToken ct) =>
                (await live.LowerHandAsync(viewer, id, handId, ct)).ToHttp())
            .WithName("LowerHand").WithSummary("A moderator takes a hand off the queue").Produces<LiveView>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/sessions/{id:long}/live/check-in", async (long id, Viewer viewer, SessionLive live, CancellationToken ct) => (await live.CheckInAsync(viewer, id, ct)).ToHttp())
            .WithName("CheckIn").WithSummary("Say I am here (attendance is kept apart from registration)").Produces<LiveView>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/sessions/{id:long}/harvest", async (long id, [FromBody] HarvestInput? input, Viewer viewer, SessionHarvest harvest, CancellationToken ct) =>
                (await harvest.HarvestAsync(viewer, id, input ?? new HarvestInput(), ct)).ToHttp())
            .WithName("HarvestSession").WithSummary("A moderator closes a held session: attendance, takeaways, open questions and action items (each a follow-up thread)")
            .Produces<HarvestView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/sessions/{id:long}/harvest", async (long id, Viewer viewer, SessionHarvest harvest, CancellationToken ct) =>
                (await harvest.GetAsync(viewer, id, ct)).ToHttp(view => view is null ? TypedResults.NoContent() : TypedResults.Ok(view)))
            .WithName("GetSessionHarvest").WithSummary("The harvest of a session (204 before it is harvested)")
            .Produces<HarvestView>().Produces(StatusCodes.Status204NoContent);

        // The same file for a browser link on the session page (signed in with the cookie).
        app.MapGet("/sessions/{id:long}/calendar.ics", async (long id, Viewer viewer, SessionService sessions, CancellationToken ct) =>
                (await sessions.CalendarAsync(viewer, id, ct)).ToHttp(ics => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"session-{id}.ics")))
            .RequireAuthorization().ExcludeFromDescription();

        api.MapPost("/me/calendar-token", async (Viewer viewer, CalendarFeed feed, PublicUrls urls, CancellationToken ct) =>
                TypedResults.Ok(new CalendarFeedAddress(urls.For($"/calendar/{await feed.NewTokenAsync(viewer, ct)}.ics"))))
            .WithName("NewCalendarFeed").WithSummary("A new secret address for the caller's calendar feed; the old one stops working");

        // Calendar apps fetch the feed without signing in: the secret in the address is the key.
        app.MapGet("/calendar/{token}.ics", async (string token, CalendarFeed feed, CancellationToken ct) =>
                await feed.ReadAsync(token, ct) is { } ics ? (IResult)TypedResults.Text(ics, "text/calendar; charset=utf-8") : TypedResults.NotFound())
            .WithTags("Sessions").WithName("CalendarFeed").WithSummary("A member's sessions as an iCalendar feed, by its secret address")
            .AllowAnonymous();
        return app;
    }

    private static DateTimeOffset? Instant(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)) return at;
        errors[field] = [$"'{field}' must be an ISO 8601 date or instant, such as 2027-03-01 or 2027-03-01T00:00:00Z."];
        return null;
    }
}

/// <summary>PUT /api/v1/sessions/{id}/live/notes.</summary>
public sealed record LiveNotesInput(string? Notes);

/// <summary>POST /api/v1/me/calendar-token: the new feed address, shown once.</summary>
public sealed record CalendarFeedAddress(string Url);
