using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>Issue 3, threads over the API: edit history, delete, accepted answers, buyer validation, hiding, supplier answers.</summary>
public sealed class ThreadFeatureTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static Task<HttpResponseMessage> EditAsync(CommunityMember member, long threadId, long postId, string body) =>
        member.Http.PutAsJsonAsync($"/api/v1/threads/{threadId}/posts/{postId}", new { body });

    private static Task<HttpResponseMessage> ActAsync(CommunityMember member, long threadId, long postId, string action, object? body = null) =>
        body is null
            ? member.Http.PostAsync($"/api/v1/threads/{threadId}/posts/{postId}/{action}", null)
            : member.Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts/{postId}/{action}", body);

    private static async Task<JsonElement> RevisionsAsync(CommunityMember member, long threadId, long postId) =>
        await member.Http.GetJsonAsync($"/api/v1/threads/{threadId}/posts/{postId}/revisions");

    // ---------- edit ----------

    [Fact]
    public async Task Editing_keeps_every_earlier_version_for_anyone_who_can_see_the_post()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var reader = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        var post = await author.ReplyAsync(threadId, "We spent **40k** on training.");

        using (var first = await EditAsync(author, threadId, post.Id(), "We spent **45k** on training."))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var view = await first.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("<strong>45k</strong>", view.Str("bodyHtml"));
            Assert.Equal(JsonValueKind.String, view.GetProperty("editedAt").ValueKind);
        }
        using (var second = await EditAsync(author, threadId, post.Id(), "We spent 50k, including coaching."))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var shown = (await reader.ThreadAsync(threadId)).Post(post.Id());
        Assert.Equal("<p>We spent 50k, including coaching.</p>", shown.Str("bodyHtml").Trim());
        Assert.Equal(2, shown.GetProperty("revisionCount").GetInt32());
        var revisions = (await RevisionsAsync(reader, threadId, post.Id())).EnumerateArray().Select(r => r.Str("bodyHtml").Trim()).ToList();
        Assert.Equal(["<p>We spent <strong>45k</strong> on training.</p>", "<p>We spent <strong>40k</strong> on training.</p>"], revisions);
    }

    [Fact]
    public async Task Only_the_author_can_edit_or_delete_a_post()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        var post = await author.ReplyAsync(threadId, "Original words");

        foreach (var intruder in new[] { other, moderator })
        {
            using var edit = await EditAsync(intruder, threadId, post.Id(), "Words put in my mouth");
            Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
            using var delete = await intruder.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{post.Id()}");
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        }

        var shown = (await author.ThreadAsync(threadId)).Post(post.Id());
        Assert.Equal("<p>Original words</p>", shown.Str("bodyHtml").Trim());
        Assert.False(shown.GetProperty("isDeleted").GetBoolean());
        Assert.Empty((await RevisionsAsync(author, threadId, post.Id())).EnumerateArray());
    }

    [Fact]
    public async Task An_edit_is_checked_like_a_new_post()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        var post = await author.ReplyAsync(threadId, "Fine");

        foreach (var body in new[] { "", "  ", Text(20_001) })
        {
            using var edit = await EditAsync(author, threadId, post.Id(), body);
            var problem = await Problem.ReadAsync(edit);
            problem.AssertIsBadRequestProblem();
            Assert.True(problem.Errors.ContainsKey("body"), problem.Body.ToString());
        }
        Assert.Equal("<p>Fine</p>", (await author.ThreadAsync(threadId)).Post(post.Id()).Str("bodyHtml").Trim());
    }

    // ---------- delete ----------

    [Fact]
    public async Task A_deleted_post_shows_as_deleted_and_the_replies_after_it_stay()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var replier = await App.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        var doomed = await author.ReplyAsync(threadId, "Our supplier list: A, B and C");
        var answer = await replier.ReplyAsync(threadId, "About that list: B no longer exists.");

        using (var delete = await author.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{doomed.Id()}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var thread = await replier.ThreadAsync(threadId);
        var gone = thread.Post(doomed.Id());
        Assert.True(gone.GetProperty("isDeleted").GetBoolean());
        Assert.DoesNotContain("supplier list", gone.Str("bodyHtml"));
        Assert.Contains("deleted", gone.Str("bodyHtml"));
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("mentionsOwnOffering").ValueKind);
        Assert.Equal(["About that list: B no longer exists."], thread.Posts().Where(p => p.Id() == answer.Id()).Select(p => StripP(p.Str("bodyHtml"))));
        Assert.Equal(thread.Posts().Select(p => p.Id()).Order(), thread.Posts().Select(p => p.Id())); // in place, in order
        using var revisions = await replier.Http.GetAsync($"/api/v1/threads/{threadId}/posts/{doomed.Id()}/revisions");
        Assert.Equal(HttpStatusCode.NotFound, revisions.StatusCode);
        using var edit = await EditAsync(author, threadId, doomed.Id(), "Back from the dead");
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
    }

    [Fact]
    public async Task A_question_whose_only_answer_is_deleted_or_hidden_is_unanswered_again()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var answerer = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom, kind: "PracticeQuestion");
        async Task<int> RepliesAsync() => (await asker.ThreadAsync(threadId)).GetProperty("replyCount").GetInt32();

        var first = await answerer.ReplyAsync(threadId, "Try the regional repair network.");
        var second = await answerer.ReplyAsync(threadId, "Or ask the manufacturer for spare parts.");
        using (var accept = await ActAsync(asker, threadId, second.Id(), "accept")) Assert.Equal(HttpStatusCode.NoContent, accept.StatusCode);
        Assert.Equal(2, await RepliesAsync());

        // Deleting twice counts once.
        foreach (var _ in new[] { 1, 2 })
        {
            using var delete = await answerer.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{first.Id()}");
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        Assert.Equal(1, await RepliesAsync());

        using (var hide = await ActAsync(moderator, threadId, second.Id(), "hide", new { reason = "Off-topic." })) Assert.Equal(HttpStatusCode.NoContent, hide.StatusCode);
        var thread = await asker.ThreadAsync(threadId);
        Assert.Equal(0, thread.GetProperty("replyCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, thread.GetProperty("acceptedPostId").ValueKind);
        var unanswered = await asker.Http.GetJsonAsync($"/api/v1/rooms/{OpenRoom}/threads?unanswered=true");
        Assert.Contains(unanswered.GetProperty("items").EnumerateArray(), t => t.Id() == threadId);
    }

    private static string StripP(string html) => html.Trim().Replace("<p>", "").Replace("</p>", "");

    // ---------- accept ----------

    [Fact]
    public async Task The_asker_accepts_an_answer_which_is_then_listed_right_after_the_question()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var first = await App.JoinAsAsync(Persona.Supplier);
        using var second = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, openingId) = await asker.StartThreadAsync(OpenRoom, kind: "PracticeQuestion");
        var a1 = await first.ReplyAsync(threadId, "Answer one");
        var a2 = await second.ReplyAsync(threadId, "Answer two");
        var a3 = await first.ReplyAsync(threadId, "Answer three, the good one");

        foreach (var notAsker in new[] { first, second })
        {
            using var refused = await ActAsync(notAsker, threadId, a3.Id(), "accept");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var accepted = await ActAsync(asker, threadId, a3.Id(), "accept"))
        {
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        }

        var thread = await second.ThreadAsync(threadId);
        Assert.Equal(a3.Id(), thread.GetProperty("acceptedPostId").GetInt64());
        Assert.Equal([openingId, a3.Id(), a1.Id(), a2.Id()], thread.Posts().Select(p => p.Id()));
        Assert.True(thread.Posts()[1].GetProperty("isAccepted").GetBoolean());
        Assert.Single(thread.Posts(), p => p.GetProperty("isAccepted").GetBoolean());
        var listed = await second.Http.GetJsonAsync($"/api/v1/rooms/{OpenRoom}/threads");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), t => t.Id() == threadId && t.GetProperty("hasAcceptedAnswer").GetBoolean());
        var notified = await first.NotificationsAsync();
        Assert.Contains(notified.GetProperty("items").EnumerateArray(), n => n.Str("kind") == "AnswerAccepted" && n.GetProperty("postId").GetInt64() == a3.Id());

        // Accepting another answer replaces the first.
        using (var again = await ActAsync(asker, threadId, a1.Id(), "accept"))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }
        thread = await second.ThreadAsync(threadId);
        Assert.Equal([openingId, a1.Id(), a2.Id(), a3.Id()], thread.Posts().Select(p => p.Id()));
        Assert.Single(thread.Posts(), p => p.GetProperty("isAccepted").GetBoolean());
        Assert.True((await asker.ThreadAsync(threadId)).Post(a1.Id()).GetProperty("actions").GetProperty("unaccept").GetBoolean());

        // Only the asker withdraws it; then the thread is back in order, with no accepted answer; twice is fine.
        using (var refused = await second.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{a1.Id()}/accept"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        foreach (var _ in new[] { 1, 2 })
        {
            using var withdrawn = await asker.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{a1.Id()}/accept");
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        }
        thread = await second.ThreadAsync(threadId);
        Assert.Equal(JsonValueKind.Null, thread.GetProperty("acceptedPostId").ValueKind);
        Assert.Equal([openingId, a1.Id(), a2.Id(), a3.Id()], thread.Posts().Select(p => p.Id()));
        Assert.DoesNotContain(thread.Posts(), p => p.GetProperty("isAccepted").GetBoolean());
    }

    [Fact]
    public async Task Only_answers_to_practice_questions_can_be_accepted()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var replier = await App.JoinAsAsync(Persona.Buyer);
        var (share, shareOpening) = await asker.StartThreadAsync(OpenRoom, kind: "PracticeShare");
        var reply = await replier.ReplyAsync(share, "Thanks for sharing");
        var (question, questionOpening) = await asker.StartThreadAsync(OpenRoom, kind: "PracticeQuestion");

        using (var onShare = await ActAsync(asker, share, reply.Id(), "accept"))
        {
            Assert.Equal(HttpStatusCode.Conflict, onShare.StatusCode);
        }
        using (var ownQuestion = await ActAsync(asker, question, questionOpening, "accept"))
        {
            Assert.Equal(HttpStatusCode.Conflict, ownQuestion.StatusCode);
        }
        using (var wrongThread = await ActAsync(asker, question, reply.Id(), "accept"))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrongThread.StatusCode);
        }
        Assert.Equal(JsonValueKind.Null, (await asker.ThreadAsync(share)).GetProperty("acceptedPostId").ValueKind);
        _ = shareOpening;
    }

    // ---------- buyer-validated ----------

    [Fact]
    public async Task A_moderator_or_a_buyer_who_applied_the_advice_marks_an_answer_buyer_validated()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var answerer = await App.JoinAsAsync(Persona.Supplier);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var pending = await App.JoinAsAsync(Persona.PendingBuyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        var byModerator = await answerer.ReplyAsync(threadId, "Lease, do not buy.");
        var byBuyer = await answerer.ReplyAsync(threadId, "Ask for take-back.");

        using (var noBody = await ActAsync(buyer, threadId, byBuyer.Id(), "validate"))
        {
            var problem = await Problem.ReadAsync(noBody);
            problem.AssertIsBadRequestProblem();
            Assert.True(problem.Errors.ContainsKey("applied"), problem.Body.ToString());
        }
        using (var notApplied = await ActAsync(buyer, threadId, byBuyer.Id(), "validate", new { applied = false }))
        {
            Assert.True((await Problem.ReadAsync(notApplied)).Errors.ContainsKey("applied"));
        }
        foreach (var notAllowed in new[] { supplier, pending })
        {
            using var refused = await ActAsync(notAllowed, threadId, byBuyer.Id(), "validate", new { applied = true });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var own = await ActAsync(answerer, threadId, byBuyer.Id(), "validate", new { applied = true }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        }
        Assert.False((await asker.ThreadAsync(threadId)).Post(byBuyer.Id()).GetProperty("isBuyerValidated").GetBoolean());

        using (var applied = await ActAsync(buyer, threadId, byBuyer.Id(), "validate", new { applied = true }))
        {
            Assert.Equal(HttpStatusCode.NoContent, applied.StatusCode);
        }
        using (var moderated = await ActAsync(moderator, threadId, byModerator.Id(), "validate"))
        {
            Assert.Equal(HttpStatusCode.NoContent, moderated.StatusCode);
        }

        var thread = await supplier.ThreadAsync(threadId);
        Assert.True(thread.Post(byBuyer.Id()).GetProperty("isBuyerValidated").GetBoolean());
        Assert.True(thread.Post(byModerator.Id()).GetProperty("isBuyerValidated").GetBoolean());
    }

    // ---------- hide ----------

    [Fact]
    public async Task A_moderator_hides_a_post_from_everyone_and_no_one_else_can()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        var post = await author.ReplyAsync(threadId, "Buy from my cousin's company!");

        using (var refused = await ActAsync(asker, threadId, post.Id(), "hide", new { reason = "I do not like it." }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var hidden = await ActAsync(moderator, threadId, post.Id(), "hide", new { reason = "A sales pitch outside market dialogue." }))
        {
            Assert.Equal(HttpStatusCode.NoContent, hidden.StatusCode);
        }

        var shown = (await asker.ThreadAsync(threadId)).Post(post.Id());
        Assert.True(shown.GetProperty("isHidden").GetBoolean());
        Assert.DoesNotContain("cousin", shown.Str("bodyHtml"));
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("hiddenReason").ValueKind);
        using var revisions = await asker.Http.GetAsync($"/api/v1/threads/{threadId}/posts/{post.Id()}/revisions");
        Assert.Equal(HttpStatusCode.NotFound, revisions.StatusCode);
        using var edit = await EditAsync(author, threadId, post.Id(), "Nothing to see");
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(0, (await asker.ThreadAsync(threadId)).GetProperty("replyCount").GetInt32());
    }

    [Fact]
    public async Task The_author_reads_why_their_post_was_hidden_and_a_moderator_can_restore_it()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        var post = await author.ReplyAsync(threadId, "Our supplier list is in the attachment.");
        using (var hidden = await ActAsync(moderator, threadId, post.Id(), "hide", new { reason = "It named a bidder during a live tender." }))
        {
            Assert.Equal(HttpStatusCode.NoContent, hidden.StatusCode);
        }

        // The author still sees their words, marked hidden, with the reason; so do moderators, who may restore it.
        var toAuthor = (await author.ThreadAsync(threadId)).Post(post.Id());
        Assert.Equal("It named a bidder during a live tender.", toAuthor.Str("hiddenReason"));
        Assert.Contains("supplier list", toAuthor.Str("bodyHtml"));
        Assert.False(toAuthor.GetProperty("actions").GetProperty("restore").GetBoolean());
        var toModerator = (await moderator.ThreadAsync(threadId)).Post(post.Id());
        Assert.Equal("It named a bidder during a live tender.", toModerator.Str("hiddenReason"));
        Assert.True(toModerator.GetProperty("actions").GetProperty("restore").GetBoolean());
        var notified = (await author.NotificationsAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("threadId").GetInt64() == threadId);
        Assert.Equal("PostHidden", notified.Str("kind"));

        using (var refused = await asker.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{post.Id()}/hide"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var restored = await moderator.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{post.Id()}/hide"))
        {
            Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        }
        // Restoring twice changes nothing more.
        using (var again = await moderator.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{post.Id()}/hide"))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        var thread = await asker.ThreadAsync(threadId);
        var back = thread.Post(post.Id());
        Assert.False(back.GetProperty("isHidden").GetBoolean());
        Assert.Contains("supplier list", back.Str("bodyHtml"));
        Assert.Equal(JsonValueKind.Null, back.GetProperty("hiddenReason").ValueKind);
        Assert.Equal(1, thread.GetProperty("replyCount").GetInt32());
    }

    [Theory]
    [InlineData(null, "Say why you hide this post: its author will read it.")]
    [InlineData("   ", "Say why you hide this post: its author will read it.")]
    [InlineData("Spam\u202E", "The reason cannot contain control or invisible formatting characters.")]
    [InlineData("LONG", "A reason can be at most 500 characters (this one has 501).")]
    public async Task A_hide_needs_a_plain_reason_of_at_most_500_characters(string? reason, string message)
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        var post = await author.ReplyAsync(threadId, "Still here.");
        reason = reason == "LONG" ? new string('x', 501) : reason is null ? null : System.Text.RegularExpressions.Regex.Unescape(reason);

        using var refused = reason is null && message.StartsWith("Say", StringComparison.Ordinal)
            ? await moderator.Http.PostAsync($"/api/v1/threads/{threadId}/posts/{post.Id()}/hide", null)
            : await ActAsync(moderator, threadId, post.Id(), "hide", new { reason });

        var problem = await Problem.ReadAsync(refused);
        problem.AssertIsBadRequestProblem();
        Assert.Equal([message], problem.Errors["reason"]);
        Assert.False((await author.ThreadAsync(threadId)).Post(post.Id()).GetProperty("isHidden").GetBoolean());
    }

    // ---------- suppliers ----------

    [Fact]
    public async Task A_supplier_reply_must_say_whether_it_mentions_their_own_offering_and_shows_their_company()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);

        using (var missing = await supplier.Http.PostReplyAsync(threadId, "Our chairs last 20 years.", mentionsOwnOffering: null))
        {
            var problem = await Problem.ReadAsync(missing);
            problem.AssertIsBadRequestProblem();
            Assert.Equal(["mentionsOwnOffering"], problem.Errors.Keys);
        }
        Assert.Single((await asker.ThreadAsync(threadId)).Posts());

        using var answered = await supplier.Http.PostReplyAsync(threadId, "Our chairs last 20 years.", mentionsOwnOffering: true);
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var created = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(supplier.Organisation, created.GetProperty("author").Str("organisation"));
        Assert.Equal("Supplier", created.GetProperty("author").Str("role"));
        var shown = (await asker.ThreadAsync(threadId)).Post(created.Id());
        Assert.Equal(supplier.Organisation, shown.GetProperty("author").Str("organisation"));
        Assert.True(shown.GetProperty("mentionsOwnOffering").GetBoolean());
    }

    [Fact]
    public async Task A_buyers_reply_carries_no_disclosure()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);

        var created = await buyer.ReplyAsync(threadId, "No product here.", mentionsOwnOffering: true);

        Assert.Equal(JsonValueKind.Null, (await asker.ThreadAsync(threadId)).Post(created.Id()).GetProperty("mentionsOwnOffering").ValueKind);
    }

    [Fact]
    public async Task In_a_market_dialogue_room_a_supplier_answers_but_cannot_ask_and_every_supplier_sees_the_same_thread()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplierA = await App.JoinAsAsync(Persona.Supplier);
        using var supplierB = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await buyer.StartThreadAsync(MarketDialogueRoom, "Who can take back 400 office chairs in 2027?");

        using (var ask = await supplierA.Http.PostThreadAsync(MarketDialogueRoom,
                   new { title = "Ask us about chairs", body = "We have chairs.", kind = "PracticeShare", tags = Array.Empty<string>(), mentionsOwnOffering = true }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, ask.StatusCode);
        }
        var fromA = await supplierA.ReplyAsync(threadId, "We can, with refurbishment.", mentionsOwnOffering: true);
        var fromB = await supplierB.ReplyAsync(threadId, "We can from Q3.", mentionsOwnOffering: false);

        static string Shape(JsonElement thread) => string.Join("\n", thread.Posts().Select(p =>
            $"{p.Id()}|{p.Str("bodyHtml")}|{p.GetProperty("author").GetRawText()}|{p.GetProperty("mentionsOwnOffering").GetRawText()}|{p.GetProperty("isAccepted")}"));
        var seenByA = await supplierA.ThreadAsync(threadId);
        var seenByB = await supplierB.ThreadAsync(threadId);
        Assert.Equal(Shape(seenByA), Shape(seenByB));
        Assert.Equal(seenByA.Str("title"), seenByB.Str("title"));
        Assert.Contains(seenByB.Posts(), p => p.Id() == fromA.Id() && p.GetProperty("author").Str("organisation") == supplierA.Organisation);
        Assert.Contains(seenByA.Posts(), p => p.Id() == fromB.Id() && p.GetProperty("author").Str("organisation") == supplierB.Organisation);
        var listA = await supplierA.Http.GetJsonAsync($"/api/v1/rooms/{MarketDialogueRoom}/threads");
        var listB = await supplierB.Http.GetJsonAsync($"/api/v1/rooms/{MarketDialogueRoom}/threads");
        Assert.Equal(listA.GetProperty("items").EnumerateArray().Select(t => t.Id()), listB.GetProperty("items").EnumerateArray().Select(t => t.Id()));
    }

    [Fact]
    public async Task A_supplier_starts_only_practice_shares_and_says_whether_they_mention_their_offering()
    {
        using var supplier = await App.JoinAsAsync(Persona.Supplier);

        using (var question = await supplier.Http.PostThreadAsync(OpenRoom,
                   new { title = "Which chairs?", body = "Tell us.", kind = "PracticeQuestion", tags = Array.Empty<string>(), mentionsOwnOffering = false }))
        {
            Assert.True((await Problem.ReadAsync(question)).Errors.ContainsKey("kind"));
        }
        using (var undisclosed = await supplier.Http.PostThreadAsync(OpenRoom,
                   new { title = "How we refurbish", body = "Like this.", kind = "PracticeShare", tags = Array.Empty<string>() }))
        {
            Assert.True((await Problem.ReadAsync(undisclosed)).Errors.ContainsKey("mentionsOwnOffering"));
        }
        var (threadId, openingId) = await supplier.StartThreadAsync(OpenRoom, "How we refurbish", "Like this.", "PracticeShare", mentionsOwnOffering: true);
        var opening = (await supplier.ThreadAsync(threadId)).Post(openingId);
        Assert.Equal(supplier.Organisation, opening.GetProperty("author").Str("organisation"));
        Assert.True(opening.GetProperty("mentionsOwnOffering").GetBoolean());
    }
}
