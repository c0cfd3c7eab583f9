using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Sessions;

/// <summary>Issue 9 over the API: scheduling with checked times, who sees what, places and the waitlist, calendars.</summary>
public sealed class SessionApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    /// <summary>A day well ahead, in Brussels local time: "2027-..T14:00:00".</summary>
    private static string Local(int daysAhead, int hour = 14, int minute = 0) =>
        DateTime.UtcNow.Date.AddDays(daysAhead).AddHours(hour).AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm:ss");

    private static object Body(string title = "Peer learning: reuse of furniture", string format = "PeerLearning", string audience = "Everyone",
        string? startsAt = null, string? endsAt = null, string timeZone = "Europe/Brussels", int? capacity = 20, int? seatsPerOrganisation = null,
        string? place = "Stadhuis Gent, Botermarkt 1", string? onlineUrl = "https://meet.example.org/peer-1", string registration = "Open",
        string[]? presenterIds = null, string[]? invitedIds = null, object[]? agenda = null, string[]? productGroups = null) => new
    {
        title, description = "Bring a pilot.", format, audience, startsAt = startsAt ?? Local(30), endsAt = endsAt ?? Local(30, 16),
        timeZone, place, onlineUrl, capacity, seatsPerOrganisation, chathamHouse = false, registration,
        roomIds = Array.Empty<int>(), presenterIds = presenterIds ?? [], invitedIds = invitedIds ?? [], agenda, productGroups = productGroups ?? [],
    };

    private async Task<JsonElement> ScheduleAsync(CommunityMember moderator, object body)
    {
        using var response = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", body);
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, "scheduling a session");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RegisterAsync(CommunityMember member, long sessionId)
    {
        using var response = await member.Http.PostAsync($"/api/v1/sessions/{sessionId}/registration", null);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task A_moderator_schedules_a_peer_learning_session_with_the_incident_method_agenda()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var session = await ScheduleAsync(moderator, Body());

        Assert.Equal("PeerLearning", session.Str("format"));
        Assert.Equal(["Review of last time's advice", "Cases brought", "Choose one case", "Factual questions only",
            "Analysis while the case bringer listens", "Advice round", "The case bringer says what they will use"],
            session.GetProperty("agenda").EnumerateArray().Select(a => a.Str("title")));
        Assert.Equal([5, 10, 5, 15, 10, 10, 10], session.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("minutes").GetInt32()));
        Assert.Equal(Local(30), session.Str("startsAt"));
        Assert.Equal("Europe/Brussels", session.Str("timeZone"));
        // 14:00 in Brussels is 13:00 or 12:00 UTC, by season.
        var utc = session.GetProperty("startsAtUtc").GetDateTimeOffset();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        Assert.Equal(DateTime.Parse(Local(30)), TimeZoneInfo.ConvertTime(utc, zone).DateTime);

        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var listed = await supplier.Http.GetJsonAsync("/api/v1/sessions");
        Assert.Contains(listed.EnumerateArray(), s => s.Id() == session.Id());
    }

    [Fact]
    public async Task The_place_and_link_go_only_to_confirmed_registrants_presenters_and_moderators_on_page_api_and_ics()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var attendee = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Supplier);
        var session = await ScheduleAsync(moderator, Body(title: "Site visit: a circular office", format: "SiteVisit"));
        var id = session.Id();

        var before = await attendee.Http.GetJsonAsync($"/api/v1/sessions/{id}");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("onlineUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("place").ValueKind);
        Assert.True(before.GetProperty("isOnline").GetBoolean());
        var ics = await attendee.Http.GetStringAsync($"/api/v1/sessions/{id}/calendar.ics");
        Assert.DoesNotContain("meet.example.org", ics);
        Assert.DoesNotContain("Botermarkt", ics);
        // A full VTIMEZONE (its standard and daylight rules), as Outlook and Exchange need.
        Assert.Contains("TZID:Europe/Brussels", ics);
        Assert.Contains("BEGIN:STANDARD", ics);
        Assert.Contains("BEGIN:DAYLIGHT", ics);

        var (status, registered) = await RegisterAsync(attendee, id);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Confirmed", registered.Str("status"));

        var after = await attendee.Http.GetJsonAsync($"/api/v1/sessions/{id}");
        Assert.Equal("https://meet.example.org/peer-1", after.Str("onlineUrl"));
        Assert.Equal("Stadhuis Gent, Botermarkt 1", after.Str("place"));
        Assert.Equal("Confirmed", after.GetProperty("myRegistration").Str("status"));
        var mine = Calendar.Load(await attendee.Http.GetStringAsync($"/api/v1/sessions/{id}/calendar.ics"))!;
        Assert.Equal("Stadhuis Gent, Botermarkt 1", mine.Events.Single().Location);

        var page = await other.Http.GetStringAsync($"/sessions/{id}");
        Assert.DoesNotContain("meet.example.org", page);
        Assert.DoesNotContain("Botermarkt", page);
        var attendeePage = await attendee.Http.GetStringAsync($"/sessions/{id}");
        Assert.Contains("https://meet.example.org/peer-1", attendeePage);

        // The confirmation email carries the calendar entry, with the link.
        var mail = await App.Mail.WaitForEmailToAsync(attendee.Email, "You are registered");
        var source = await App.Mail.SourceAsync(mail);
        var attachment = source.Attachments.OfType<MimeKit.MimePart>().Single(a => a.ContentType.MimeType == "text/calendar");
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var sent = Calendar.Load(System.Text.Encoding.UTF8.GetString(content.ToArray()))!;
        Assert.Equal("REQUEST", sent.Method);
        Assert.Contains("meet.example.org", sent.Events.Single().Description);
    }

    [Fact]
    public async Task The_last_place_goes_to_exactly_one_of_many_racing_members_and_the_waitlist_is_first_in_first_out()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var id = (await ScheduleAsync(moderator, Body(title: "Masterclass: TCO", format: "Masterclass", capacity: 1))).Id();
        var racers = new List<CommunityMember>();
        for (var i = 0; i < 8; i++) racers.Add(await App.JoinAsAsync(Persona.Buyer));

        var results = await Task.WhenAll(racers.Select(r => RegisterAsync(r, id)));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(1, results.Count(r => r.Body.Str("status") == "Confirmed"));
        Assert.Equal(Enumerable.Range(1, 7), results.Where(r => r.Body.Str("status") == "Waitlisted").Select(r => r.Body.GetProperty("position").GetInt32()).Order());
        var detail = await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}");
        Assert.Equal((1, 7), (detail.GetProperty("confirmedCount").GetInt32(), detail.GetProperty("waitlistCount").GetInt32()));

        // The confirmed member leaves: the first in line is promoted, and told by email.
        var winner = racers[results.ToList().FindIndex(r => r.Body.Str("status") == "Confirmed")];
        var first = racers[results.ToList().FindIndex(r => r.Body.Str("status") == "Waitlisted" && r.Body.GetProperty("position").GetInt32() == 1)];
        using (var leave = await winner.Http.DeleteAsync($"/api/v1/sessions/{id}/registration")) Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        Assert.Equal("Confirmed", (await first.Http.GetJsonAsync($"/api/v1/sessions/{id}")).GetProperty("myRegistration").Str("status"));
        await App.Mail.WaitForEmailToAsync(first.Email, "A place came free");
        var second = (await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}"));
        Assert.Equal((1, 6), (second.GetProperty("confirmedCount").GetInt32(), second.GetProperty("waitlistCount").GetInt32()));
        foreach (var r in racers) r.Dispose();
    }

    [Fact]
    public async Task Registering_twice_is_a_409_and_seats_per_organisation_hold()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var id = (await ScheduleAsync(moderator, Body(title: "Workshop: criteria", format: "Workshop", seatsPerOrganisation: 1))).Id();
        var organisation = Unique.Name("Stad Seats");
        using var first = await App.JoinAsAsync(Persona.Buyer, organisation: organisation);
        using var colleague = await App.JoinAsAsync(Persona.Buyer, organisation: organisation);

        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(first, id)).Status);
        var twice = await RegisterAsync(first, id);
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        var full = await RegisterAsync(colleague, id);
        Assert.Equal(HttpStatusCode.Conflict, full.Status);
        Assert.Contains("seats", full.Body.Str("detail"));

        // Cancelling someone else's place is not a thing: DELETE only ever touches the caller's own.
        using (var none = await colleague.Http.DeleteAsync($"/api/v1/sessions/{id}/registration")) Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("Confirmed", (await first.Http.GetJsonAsync($"/api/v1/sessions/{id}")).GetProperty("myRegistration").Str("status"));
    }

    [Fact]
    public async Task A_supplier_gets_404_for_a_buyers_only_session_on_every_path()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        var id = (await ScheduleAsync(moderator, Body(title: "Buyers only: budget round", audience: "BuyersOnly"))).Id();

        Assert.DoesNotContain((await supplier.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray(), s => s.Id() == id);
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/api/v1/sessions/{id}"), (HttpMethod.Get, $"/api/v1/sessions/{id}/calendar.ics"),
                     (HttpMethod.Post, $"/api/v1/sessions/{id}/registration"), (HttpMethod.Delete, $"/api/v1/sessions/{id}/registration") })
        {
            using var response = await supplier.Http.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            Assert.DoesNotContain("budget", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        using (var page = await supplier.Http.GetAsync($"/sessions/{id}")) Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("budget round", await supplier.Http.GetStringAsync("/sessions"));
        Assert.Contains(( await buyer.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray(), s => s.Id() == id);

        // Invited, the supplier sees a buyers-and-invited-suppliers session; others do not.
        using var invited = await App.JoinAsAsync(Persona.Supplier);
        var mixed = (await ScheduleAsync(moderator, Body(title: "Buyer meets supplier: textiles", format: "BuyerMeetsSupplier",
            audience: "BuyersAndInvitedSuppliers", invitedIds: [invited.Id]))).Id();
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(invited, mixed)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await RegisterAsync(supplier, mixed)).Status);
    }

    [Fact]
    public async Task Rescheduling_raises_the_sequence_and_cancelling_sends_a_cancel_with_the_same_uid()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var attendee = await App.JoinAsAsync(Persona.Buyer);
        var title = "Webinar: leasing, with \"quotes\", commas; semicolons\r\nand a line break";
        var created = await ScheduleAsync(moderator, Body(title: "Webinar: leasing", format: "Webinar"));
        var id = created.Id();
        await RegisterAsync(attendee, id);
        var first = Calendar.Load(await attendee.Http.GetStringAsync($"/api/v1/sessions/{id}/calendar.ics"))!.Events.Single();

        using (var put = await moderator.Http.PutAsJsonAsync($"/api/v1/sessions/{id}", Body(title: "Webinar: leasing", format: "Webinar", startsAt: Local(31), endsAt: Local(31, 15))))
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "rescheduling");
        var moved = Calendar.Load(await attendee.Http.GetStringAsync($"/api/v1/sessions/{id}/calendar.ics"))!.Events.Single();
        Assert.Equal(first.Uid, moved.Uid);
        Assert.Equal(first.Sequence + 1, moved.Sequence);
        Assert.Equal("Europe/Brussels", moved.DtStart!.TzId);
        Assert.Equal(DateTime.Parse(Local(31)), moved.DtStart.Value);
        await App.Mail.WaitForEmailToAsync(attendee.Email, "New time");

        using (var cancel = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/cancel", new { reason = "The speaker is ill." })) 
            await CommunitySteps.EnsureAsync(cancel, HttpStatusCode.OK, "cancelling");
        var mail = await App.Mail.WaitForEmailToAsync(attendee.Email, "Cancelled");
        Assert.Contains("The speaker is ill.", mail.Text);
        var source = await App.Mail.SourceAsync(mail);
        var part = source.Attachments.OfType<MimeKit.MimePart>().Single(a => a.ContentType.MimeType == "text/calendar");
        Assert.Equal("CANCEL", part.ContentType.Parameters["method"]);
        using var content = new MemoryStream();
        await part.Content!.DecodeToAsync(content);
        var cancelled = Calendar.Load(System.Text.Encoding.UTF8.GetString(content.ToArray()))!;
        Assert.Equal("CANCEL", cancelled.Method);
        Assert.Equal(first.Uid, cancelled.Events.Single().Uid);
        Assert.Equal(first.Sequence + 2, cancelled.Events.Single().Sequence);

        // A title with quotes, commas, semicolons and a line break survives the round trip through the .ics.
        var odd = await ScheduleAsync(moderator, Body(title: title.Replace("\r\n", " "), format: "Webinar"));
        var parsed = Calendar.Load(await moderator.Http.GetStringAsync($"/api/v1/sessions/{odd.Id()}/calendar.ics"))!;
        Assert.Equal(title.Replace("\r\n", " "), parsed.Events.Single().Summary);
        using var refused = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", Body(title: title));
        Assert.True((await Problem.ReadAsync(refused)).Errors.ContainsKey("title"));
    }

    [Fact]
    public async Task The_personal_feed_lists_my_sessions_by_its_secret_address_and_a_new_address_kills_the_old()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var member = await App.JoinAsAsync(Persona.Buyer);
        var id = (await ScheduleAsync(moderator, Body(title: "Kick-off 2027", format: "Kickoff"))).Id();
        await RegisterAsync(member, id);

        using var created = await member.Http.PostAsync("/api/v1/me/calendar-token", null);
        var url = (await created.Content.ReadFromJsonAsync<JsonElement>()).Str("url");
        using var anonymous = App.Anonymous();
        var path = new Uri(url).AbsolutePath;
        var feed = Calendar.Load(await anonymous.GetStringAsync(path))!;
        Assert.Contains(feed.Events, e => e.Summary == "Kick-off 2027" && e.Location == "Stadhuis Gent, Botermarkt 1");

        using var renewed = await member.Http.PostAsync("/api/v1/me/calendar-token", null);
        using (var old = await anonymous.GetAsync(path)) Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        using (var forged = await anonymous.GetAsync("/calendar/not-a-real-token.ics")) Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    public static TheoryData<string, object, string> BadSessions => new()
    {
        { "end before start", Body(startsAt: Local(30, 16), endsAt: Local(30, 14)), "endsAt" },
        { "in the past", Body(startsAt: Local(-2), endsAt: Local(-2, 16)), "startsAt" },
        { "capacity zero", Body(capacity: 0), "capacity" },
        { "capacity negative", Body(capacity: -5), "capacity" },
        { "unknown zone", Body(timeZone: "Mars/Olympus_Mons"), "timeZone" },
        { "spring forward gap", Body(startsAt: "2027-03-28T02:30:00", endsAt: "2027-03-28T04:00:00"), "startsAt" },
        { "autumn hour twice", Body(startsAt: "2027-10-31T02:30:00", endsAt: "2027-10-31T04:00:00"), "startsAt" },
        { "unreadable time", Body(startsAt: "next tuesday"), "startsAt" },
        { "unknown format", Body(format: "Party"), "format" },
        { "no place and no link", Body(place: null, onlineUrl: null), "place" },
        { "javascript link", Body(onlineUrl: "javascript:alert(1)"), "onlineUrl" },
        { "too many agenda items", Body(agenda: Enumerable.Range(0, 31).Select(i => (object)new { title = $"Item {i}", minutes = 5 }).ToArray()), "agenda" },
        { "over-long agenda title", Body(agenda: [new { title = new string('a', 201), minutes = 5 }]), "agenda" },
        { "invisible title", Body(title: "Peer\u202E learning"), "title" },
        { "empty title", Body(title: "  "), "title" },
        { "seats above capacity", Body(capacity: 5, seatsPerOrganisation: 6), "seatsPerOrganisation" },
        { "unknown presenter", Body(presenterIds: ["no-such-member"]), "presenterIds" },
        { "unknown product group", Body(productGroups: ["colour"]), "productGroups" },
        { "year one", Body(startsAt: "0001-01-01T00:00:00", endsAt: "0001-01-01T02:00:00"), "startsAt" },
        { "year 9999", Body(startsAt: "9999-12-31T22:00:00", endsAt: "9999-12-31T23:00:00"), "startsAt" },
        { "a null agenda item", Body(agenda: [null!]), "agenda" },
    };

    [Theory]
    [MemberData(nameof(BadSessions))]
    public async Task Bad_sessions_are_refused_with_a_clear_error_on_their_field(string why, object body, string field)
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var response = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", body);

        var problem = await Problem.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.True(problem.Errors.ContainsKey(field), $"{why}: errors on {string.Join(", ", problem.Errors.Keys)}");
    }

    [Fact]
    public async Task The_autumn_hour_that_happens_twice_can_be_chosen_by_its_offset()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var ambiguous = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", Body(startsAt: "2027-10-31T02:30:00", endsAt: "2027-10-31T04:00:00"));
        var message = Assert.Single((await Problem.ReadAsync(ambiguous)).Errors["startsAt"]);
        Assert.Contains("2027-10-31T02:30:00+02:00", message);
        Assert.Contains("2027-10-31T02:30:00+01:00", message);

        var chosen = await ScheduleAsync(moderator, Body(startsAt: "2027-10-31T02:30:00+01:00", endsAt: "2027-10-31T04:00:00"));
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 1, 30, 0, TimeSpan.Zero), chosen.GetProperty("startsAtUtc").GetDateTimeOffset());
    }

    [Fact]
    public async Task Members_cannot_schedule_and_visitors_get_401()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using (var refused = await buyer.Http.PostAsJsonAsync("/api/v1/sessions", Body())) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var anonymous = App.Anonymous();
        using (var list = await anonymous.GetAsync("/api/v1/sessions")) Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task With_moderator_selects_requests_wait_and_the_moderator_accepts_or_declines()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var accepted = await App.JoinAsAsync(Persona.Buyer);
        using var declined = await App.JoinAsAsync(Persona.Supplier);
        var id = (await ScheduleAsync(moderator, Body(title: "Masterclass: selected", format: "Masterclass", registration: "ModeratorSelects"))).Id();

        var (status, body) = await RegisterAsync(accepted, id);
        Assert.Equal((HttpStatusCode.Created, "Requested"), (status, body.Str("status")));
        await RegisterAsync(declined, id);
        Assert.Equal(JsonValueKind.Null, (await accepted.Http.GetJsonAsync($"/api/v1/sessions/{id}")).GetProperty("onlineUrl").ValueKind);
        using (var notYours = await accepted.Http.GetAsync($"/api/v1/sessions/{id}/registrations")) Assert.Equal(HttpStatusCode.Forbidden, notYours.StatusCode);
        var waiting = await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}/registrations");
        Assert.Equal(["Requested", "Requested"], waiting.EnumerateArray().Select(r => r.Str("status")));

        using (var yes = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/registrations/{accepted.Id}/decision", new { accept = true }))
            Assert.Equal("Confirmed", (await yes.Content.ReadFromJsonAsync<JsonElement>()).Str("status"));
        using (var no = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/registrations/{declined.Id}/decision", new { accept = false }))
            Assert.Equal("Declined", (await no.Content.ReadFromJsonAsync<JsonElement>()).Str("status"));
        using (var again = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/registrations/{declined.Id}/decision", new { accept = true }))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        Assert.Equal("https://meet.example.org/peer-1", (await accepted.Http.GetJsonAsync($"/api/v1/sessions/{id}")).Str("onlineUrl"));
        await App.Mail.WaitForEmailToAsync(declined.Email, "No place at");
        Assert.Equal(HttpStatusCode.Conflict, (await RegisterAsync(declined, id)).Status);
    }

    [Fact]
    public async Task The_calendar_filters_by_format_and_product_group_and_refuses_unknown_filters()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var ict = (await ScheduleAsync(moderator, Body(title: "Webinar: refurbished laptops", format: "Webinar", productGroups: ["ict", "ICT"]))).Id();
        var textiles = (await ScheduleAsync(moderator, Body(title: "Site visit: a textile sorter", format: "SiteVisit", productGroups: ["textiles"]))).Id();

        var byGroup = (await moderator.Http.GetJsonAsync("/api/v1/sessions?productGroup=ict")).EnumerateArray().Select(s => s.Id()).ToList();
        Assert.Contains(ict, byGroup);
        Assert.DoesNotContain(textiles, byGroup);
        var byFormat = (await moderator.Http.GetJsonAsync("/api/v1/sessions?format=SiteVisit")).EnumerateArray().Select(s => s.Id()).ToList();
        Assert.Contains(textiles, byFormat);
        Assert.DoesNotContain(ict, byFormat);
        Assert.Equal(["ict"], (await moderator.Http.GetJsonAsync($"/api/v1/sessions/{ict}")).GetProperty("productGroups").EnumerateArray().Select(g => g.GetString()));

        foreach (var (query, field) in new[] { ("format=Party", "format"), ("productGroup=colour", "productGroup"), ("from=yesterday", "from") })
        {
            using var bad = await moderator.Http.GetAsync("/api/v1/sessions?" + query);
            var problem = await Problem.ReadAsync(bad);
            problem.AssertIsBadRequestProblem();
            Assert.Equal([field], problem.Errors.Keys);
        }
        var page = await moderator.Http.GetStringAsync("/sessions?productGroup=textiles");
        Assert.Contains("Site visit: a textile sorter", page);
        Assert.DoesNotContain("Webinar: refurbished laptops", page);
    }

    [Fact]
    public async Task The_month_view_places_sessions_on_their_day_and_odd_months_still_show_a_page()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var title = Unique.Name("Inspiration day in March");
        await ScheduleAsync(moderator, Body(title: title, format: "InspirationDay", startsAt: "2027-03-18T10:00:00", endsAt: "2027-03-18T16:00:00"));

        var march = await moderator.Http.GetStringAsync("/sessions?view=month&month=2027-03");
        Assert.Contains("data-testid=\"month-view\"", march);
        Assert.Contains(title, march);
        Assert.DoesNotContain(title, await moderator.Http.GetStringAsync("/sessions?view=month&month=2027-05"));
        foreach (var odd in new[] { "banana", "2027-13", "9999-01", "%00" })
        {
            using var response = await moderator.Http.GetAsync("/sessions?view=month&month=" + odd);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Narrowing_the_audience_takes_the_place_of_those_who_may_no_longer_see_it_and_tells_them_nothing()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        var title = Unique.Name("Workshop: narrowed");
        var id = (await ScheduleAsync(moderator, Body(title: title, format: "Workshop"))).Id();
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(supplier, id)).Status);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(buyer, id)).Status);

        using (var put = await moderator.Http.PutAsJsonAsync($"/api/v1/sessions/{id}", Body(title: title + " (buyers only)", format: "Workshop", audience: "BuyersOnly")))
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "narrowing the audience");

        using (var gone = await supplier.Http.GetAsync($"/api/v1/sessions/{id}")) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await App.Mail.WaitForEmailToAsync(buyer.Email, "Changed:");
        Assert.DoesNotContain(await App.OutboxKindsToAsync(supplier.Email), k => k == PracticeCommunity.Data.OutboxKinds.SessionChanged);
        var registrants = await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}/registrations");
        Assert.Equal([buyer.Id], registrants.EnumerateArray().Select(r => r.Str("memberId")));
    }

    [Fact]
    public async Task Nobody_jumps_the_waitlist_and_more_places_promote_those_waiting()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var first = await App.JoinAsAsync(Persona.Buyer);
        using var waiting = await App.JoinAsAsync(Persona.Buyer);
        using var late = await App.JoinAsAsync(Persona.Buyer);
        var title = Unique.Name("Webinar: growing");
        var id = (await ScheduleAsync(moderator, Body(title: title, format: "Webinar", capacity: 1))).Id();
        Assert.Equal("Confirmed", (await RegisterAsync(first, id)).Body.Str("status"));
        Assert.Equal("Waitlisted", (await RegisterAsync(waiting, id)).Body.Str("status"));

        using (var put = await moderator.Http.PutAsJsonAsync($"/api/v1/sessions/{id}", Body(title: title, format: "Webinar", capacity: 3)))
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "adding places");

        Assert.Equal("Confirmed", (await waiting.Http.GetJsonAsync($"/api/v1/sessions/{id}")).GetProperty("myRegistration").Str("status"));
        await App.Mail.WaitForEmailToAsync(waiting.Email, "A place came free");
        Assert.Equal("Confirmed", (await RegisterAsync(late, id)).Body.Str("status"));
    }
}
