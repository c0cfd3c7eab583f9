using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.BrowserTests.Search;
using PracticeCommunity.Features.Rooms.Thread;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Rooms;

/// <summary>Issue 3 in the browser: live posts, typing and presence, the composer's preview, the supplier's disclosure, hostile posts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ThreadBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_post_sent_over_the_hub_appears_for_a_viewer_without_a_reload() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-live-post-from-hub", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Ann Asker");
            using var viewer = await App.MemberAsync("Facilitator", "Vic Viewer");
            using var sender = await App.MemberAsync("Buyer", "Ben Sender");
            var threadId = await asker.StartThreadAsync(OpenRoom, "Who runs your training budget?", "Asking for a friend.");
            await viewer.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(thread.Posts).ToHaveCountAsync(1);
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            await using var hub = await HubWire.ConnectAsync(App.ServerAddress, sender.Token);
            var created = await hub.InvokeAsync("SendPost", threadId, "Sent **live** from a script.");

            await Expect(thread.Posts).ToHaveCountAsync(2);
            var post = page.Locator($"[data-testid=post][data-post-id='{created.GetProperty("id").GetInt64()}']");
            await Expect(post).ToContainTextAsync("Sent live from a script.");
            await Expect(post.Locator("strong")).ToHaveTextAsync("live");
            await Expect(post).ToContainTextAsync(sender.DisplayName);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page reloaded.");
            // A second post, sent after: the page applies events in order, so a duplicate of the first would be here by now.
            await hub.InvokeAsync("SendPost", threadId, "And a second one.");
            await Expect(thread.Post("And a second one.")).ToHaveCountAsync(1);
            await Expect(thread.Posts).ToHaveCountAsync(3);
        });

    [Fact]
    public Task Two_members_on_one_thread_see_each_other_present_and_typing() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-typing-and-presence", async page =>
        {
            using var typist = await App.MemberAsync("Buyer", "Tess Typer");
            using var watcher = await App.MemberAsync("Supplier", "Wim Watcher");
            var threadId = await typist.StartThreadAsync(OpenRoom, "Which courses worked?", "Tell me.");
            await using var otherContext = await SecondContextAsync(browser.Browser, App.ServerAddress);
            var otherPage = await otherContext.NewPageAsync();
            BlazorCircuit.Watch(otherPage);

            await typist.SignInAsync(page);
            var typistView = await new ThreadPageObject(page).OpenAsync(threadId);
            await watcher.SignInAsync(otherPage);
            var watcherView = await new ThreadPageObject(otherPage).OpenAsync(threadId);

            foreach (var view in new[] { typistView, watcherView })
            {
                await Expect(view.Presence).ToContainTextAsync("2 here now");
                await Expect(view.Presence).ToContainTextAsync(typist.DisplayName);
                await Expect(view.Presence).ToContainTextAsync(watcher.DisplayName);
            }
            await Expect(watcherView.Typing).Not.ToContainTextAsync("typing");

            await typistView.ReplyBody.PressSequentiallyAsync("Working on an answer", new() { Delay = 20 });

            await Expect(watcherView.Typing).ToContainTextAsync($"{typist.DisplayName} is typing");
            await Expect(typistView.Typing).Not.ToContainTextAsync("typing"); // not told about oneself
            await ScreenshotAsync(otherPage, "rooms-typing-and-presence-watcher");

            // When the watcher leaves, the typist's page says so.
            await otherPage.CloseAsync();
            await Expect(typistView.Presence).Not.ToContainTextAsync(watcher.DisplayName);
        });

    [Fact]
    public Task A_buyer_starts_a_thread_with_the_composer_and_the_preview_renders_bold_text() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-composer-preview", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Bo Composer");
            var title = Unique.Name("How do we train contract managers");
            await buyer.SignInAsync(page);
            var room = await new RoomPageObject(page).OpenAsync(OpenRoom);

            await room.OpenComposerAsync();
            var emptyTagChoices = new List<string>();
            foreach (var list in new[] { "Product group", "Country", "Procedure type" })
            {
                emptyTagChoices.Add($"{list}: {await page.GetByLabel(list, new() { Exact = true }).Locator("option[value='']").TextContentAsync()}");
            }
            // The country tag starts at the member's own organisation's country.
            await Expect(page.GetByLabel("Country", new() { Exact = true })).ToHaveValueAsync("BE");
            await room.Title.FillAsync(title);
            await room.Body.FillAsync("We need a **bold** plan and *some* patience.");
            await room.PreviewTab.ClickAsync();

            await Expect(room.Preview.Locator("strong")).ToHaveTextAsync("bold");
            await Expect(room.Preview.Locator("em")).ToHaveTextAsync("some");
            await Expect(room.Preview).Not.ToContainTextAsync("**");
            await ScreenshotAsync(page, "rooms-composer-preview-tab");

            await room.PostThread.ClickAsync();
            // Blazor navigates within the page, with no navigation event to wait for: wait for the thread itself.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = title })).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/threads/\d+$"));
            await Expect(page.GetByTestId("post").First.Locator("strong")).ToHaveTextAsync("bold");
            // The empty choice of each tag list must say there is no tag, not borrow the role-status text "No role yet".
            Assert.DoesNotContain(emptyTagChoices, c => c.Contains("role", StringComparison.OrdinalIgnoreCase));
        });

    [Fact]
    public Task A_supplier_must_answer_the_disclosure_and_the_reply_shows_their_company() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-supplier-disclosure", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Ada Asker");
            using var supplier = await App.MemberAsync("Supplier", "Sid Supplier", Unique.Name("Refurb Works"));
            var threadId = await asker.StartThreadAsync(OpenRoom, "Who can refurbish 300 desks?", "Before the summer.");
            await supplier.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(thread.Disclosure).ToBeVisibleAsync();

            await thread.ReplyBody.FillAsync("We refurbish desks in our own workshop.");
            await thread.Send.ClickAsync();

            await Expect(thread.DisclosureError).ToContainTextAsync("Say whether this mentions your own product or service.");
            await Expect(thread.Posts).ToHaveCountAsync(1);

            await thread.Disclosure.GetByLabel("Yes, it mentions what my company offers").CheckAsync();
            await thread.Send.ClickAsync();

            await Expect(thread.Posts).ToHaveCountAsync(2);
            var reply = thread.Posts.Nth(1);
            await Expect(reply).ToContainTextAsync("We refurbish desks in our own workshop.");
            await Expect(reply.GetByTestId("post-org")).ToHaveTextAsync(supplier.Organisation!);
            await Expect(reply.GetByTestId("disclosure")).ToContainTextAsync("Mentions the author's own product or service");
            await Expect(thread.DisclosureError).ToHaveCountAsync(0);
            // Shown once, though the page both adds it and hears of it: a later post marks when that event has been applied.
            await asker.ReplyAsync(threadId, "Thanks, noted.");
            await Expect(thread.Post("Thanks, noted.")).ToHaveCountAsync(1);
            await Expect(thread.Posts).ToHaveCountAsync(3);
        });

    [Fact]
    public Task Unread_counts_the_new_since_last_visit_divider_and_the_bell_follow_what_a_member_has_read() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-unread-and-bell", async page =>
        {
            const string room = "working-group-mandate"; // no other browser test posts here
            const string roomTitle = "What should a working group decide, and how often should it meet?";
            using var reader = await App.MemberAsync("Facilitator", "Una Reader");
            using var author = await App.MemberAsync("Buyer", "Otto Author");
            var threadId = await author.StartThreadAsync(room, "How often does your working group meet?", "Monthly here.");
            var roomCard = page.GetByTestId("room-card").Filter(new() { HasText = roomTitle });

            await reader.SignInAsync(page);
            await page.GotoAsync("/");
            await Expect(roomCard.GetByTestId("room-unread")).ToHaveTextAsync("1 unread");

            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(page.GetByTestId("unread-divider")).ToHaveCountAsync(0); // a first visit has no divider
            await Expect(page.GetByTestId("notification-count")).ToHaveCountAsync(0);

            // A mention elsewhere moves the bell while the member reads this thread.
            var elsewhere = await author.StartThreadAsync(room, "Who chairs it?", "Asking around.");
            await author.ReplyAsync(elsewhere, $"@[{reader.DisplayName}] you chaired one, didn't you?");
            await Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("1");

            await page.GotoAsync("/");
            await Expect(roomCard.GetByTestId("room-unread")).ToHaveTextAsync("1 unread"); // "Who chairs it?" only

            await author.ReplyAsync(threadId, "Update: we moved to every six weeks.");
            await author.ReplyAsync(threadId, "And we publish the minutes.");
            await page.GotoAsync("/");
            await Expect(roomCard.GetByTestId("room-unread")).ToHaveTextAsync("2 unread");

            await thread.OpenAsync(threadId);
            var divider = page.GetByTestId("unread-divider");
            await Expect(divider).ToBeVisibleAsync();
            await Expect(divider).ToContainTextAsync("New since your last visit");
            var firstNew = page.Locator("[data-testid=unread-divider] + [data-testid=post]");
            await Expect(firstNew).ToContainTextAsync("Update: we moved to every six weeks.");
            var firstNewId = await firstNew.GetAttributeAsync("data-post-id");
            await Expect(page.GetByTestId("jump-unread")).ToHaveAttributeAsync("href", $"/threads/{threadId}#post-{firstNewId}");
        });

    [Fact]
    public Task A_thread_full_of_hostile_posts_runs_no_script_and_opens_no_dialog() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-hostile-thread", async page =>
        {
            var dialogs = new List<string>();
            page.Dialog += async (_, dialog) =>
            {
                lock (dialogs) dialogs.Add($"{dialog.Type}: {dialog.Message}");
                await dialog.DismissAsync();
            };
            using var author = await App.MemberAsync("Buyer", "Mal Icious");
            using var reader = await App.MemberAsync("Buyer", "Rita Reader");
            var threadId = await author.StartThreadAsync(OpenRoom, "<img src=x onerror=\"window.__xss=1\"><script>alert(1)</script>", "Opening");
            foreach (var vector in XssVectors.All)
            {
                await author.ReplyAsync(threadId, vector.Body);
            }

            await reader.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            await thread.ShowAllAsync(XssVectors.All.Count + 1);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("<img src=x onerror=");
            // Hover every link; then wait for every image to load or fail, so handlers (if any survived) have run.
            foreach (var link in await page.Locator("[data-testid=post-body] a").AllAsync())
            {
                await link.HoverAsync();
            }
            await page.ImagesSettledAsync();

            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"), "A payload set window.__xss.");
            Assert.Equal(0, await page.Locator("[data-testid=post-body] :is(script, iframe, object, embed, style, svg, math, form, base, meta, video, details)").CountAsync());
            Assert.Equal(0, await page.Locator("[data-testid=post-body] [onerror], [data-testid=post-body] [onload], [data-testid=post-body] [onmouseover]").CountAsync());
            Assert.Equal(0, await page.Locator("[data-testid=post-body] [href^='javascript' i], [data-testid=post-body] [href^='data' i], [data-testid=post-body] [href^='vbscript' i]").CountAsync());
            await Expect(page.Locator($"[data-testid=post-body] img[src='{XssVectors.SecureImageUrl}']")).ToHaveCountAsync(1);
            await Expect(page.Locator($"[data-testid=post-body] img[src*='{XssVectors.InsecureImageHost}']")).ToHaveCountAsync(0);
            await Expect(thread.Post("{{7*7}}")).ToHaveCountAsync(1);

            // The composer's preview renders through the same sanitiser.
            await thread.ReplyBody.FillAsync(string.Join("\n\n", XssVectors.All.Take(12).Select(v => v.Body)));
            await page.GetByTestId("preview-tab").ClickAsync();
            await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
            await page.ImagesSettledAsync();

            // And the room's thread list shows the hostile title as text.
            await page.GotoAsync($"/rooms/{OpenRoom}");
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("thread-list")).ToContainTextAsync("<img src=x onerror=");
            await Expect(page.Locator("[data-testid=thread-list] img")).ToHaveCountAsync(0);
            await page.ImagesSettledAsync();

            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"), "A payload set window.__xss.");
            lock (dialogs) Assert.True(dialogs.Count == 0, "Dialogs opened: " + string.Join("; ", dialogs));
        });

    [Fact]
    public Task A_long_thread_opens_with_its_question_and_newest_replies_and_shows_earlier_ones_on_request() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-long-thread", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Lena Longthread");
            using var answerer = await App.MemberAsync("Buyer", "Ari Answerer");
            using var reader = await App.MemberAsync("Facilitator", "Rita Reader");
            var thread = await asker.StartThreadWithIdsAsync(OpenRoom, Unique.Name("Refurbished laptops, one year on"), "How did your first year go?");
            var replies = new List<long>();
            for (var i = 0; i < 45; i++) replies.Add(await answerer.ReplyWithIdAsync(thread.Id, $"Reply number {i}."));
            await reader.SignInAsync(page);
            var view = await new ThreadPageObject(page).OpenAsync(thread.Id);

            // The question, then the 20 newest replies; the 25 before them wait behind a button.
            await Expect(view.Posts).ToHaveCountAsync(1 + ThreadPage.PostsShown);
            await Expect(view.Posts.First).ToContainTextAsync("How did your first year go?");
            await Expect(view.Posts.Nth(1)).ToContainTextAsync("Reply number 25.");
            await Expect(view.Posts.Last).ToContainTextAsync("Reply number 44.");
            await page.SetViewportSizeAsync(1280, 900);
            await page.GetByTestId("load-earlier").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RecordedSession.ScreenshotDirectory, "rooms-long-thread-window.png") });

            await view.LoadEarlier.ClickAsync();
            await Expect(view.Posts).ToHaveCountAsync(1 + 2 * ThreadPage.PostsShown);
            await Expect(view.Posts.Nth(1)).ToContainTextAsync("Reply number 5.");
            await view.LoadEarlier.ClickAsync();
            await Expect(view.Posts).ToHaveCountAsync(46);
            await Expect(view.Posts.Nth(1)).ToContainTextAsync("Reply number 0.");
            await Expect(view.LoadEarlier).ToHaveCountAsync(0);

            // New replies still arrive at the end while earlier ones are shown.
            await answerer.ReplyWithIdAsync(thread.Id, "A reply after all that reading.");
            await Expect(view.Posts).ToHaveCountAsync(47);
            await Expect(view.Posts.Last).ToContainTextAsync("A reply after all that reading.");
        });

    [Fact]
    public Task An_author_edits_a_post_in_place_and_a_reader_opens_its_earlier_version() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-edit-and-history", async page =>
        {
            using var author = await App.MemberAsync("Buyer", "Eda Editor");
            var threadId = await author.StartThreadAsync(OpenRoom, "Which cleaning products are refillable?", "We buy **200** litres a year.");
            await author.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            var opening = thread.Posts.First;

            await opening.GetByTestId("edit").ClickAsync();
            var editor = page.GetByTestId("edit-body");
            await Expect(editor).ToHaveValueAsync("We buy **200** litres a year.");

            // An empty edit is refused in place and the form stays open.
            await editor.FillAsync("   ");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByTestId("error-body")).ToBeVisibleAsync();
            await Expect(editor).ToBeVisibleAsync();

            await editor.FillAsync("We buy **250** litres a year, in refills.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(opening.GetByTestId("post-body")).ToContainTextAsync("250 litres a year, in refills.");
            await Expect(editor).ToHaveCountAsync(0);

            await opening.GetByTestId("show-history").ClickAsync();
            await Expect(opening.GetByTestId("history")).ToContainTextAsync("We buy 200 litres a year.");
            await ScreenshotAsync(page, "rooms-edit-and-history");
            await opening.GetByTestId("show-history").ClickAsync();
            await Expect(opening.GetByTestId("history")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task Deleting_a_post_asks_first_and_cancel_keeps_it() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-delete-confirm", async page =>
        {
            using var author = await App.MemberAsync("Buyer", "Dora Deleter");
            var threadId = await author.StartThreadAsync(OpenRoom, "Who repairs office chairs?", "Near Ghent.");
            await author.ReplyAsync(threadId, "Never mind, we found one.");
            await author.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            var reply = thread.Post("Never mind, we found one.");

            await reply.GetByTestId("delete").ClickAsync();
            await Expect(reply.GetByTestId("confirm")).ToContainTextAsync("Delete this post?");
            await ScreenshotAsync(page, "rooms-delete-confirm-question");
            await reply.GetByTestId("confirm-no").ClickAsync();
            await Expect(reply.GetByTestId("post-body")).ToContainTextAsync("Never mind, we found one.");

            await reply.GetByTestId("delete").ClickAsync();
            await reply.GetByTestId("confirm-yes").ClickAsync();
            await Expect(thread.Posts.Nth(1)).ToContainTextAsync("This post was deleted by its author.");
        });

    [Fact]
    public Task A_list_looks_the_same_in_the_preview_and_the_post_and_the_paragraph_after_it_keeps_its_space() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-markdown-lists", async page =>
        {
            const string body = "Three steps:\n\n- ask the market\n- write the criteria\n\nThen award.";
            using var author = await App.MemberAsync("Buyer", "Lia Lists");
            var threadId = await author.StartThreadAsync(OpenRoom, "How do you run a market consultation?", body);
            await author.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            await thread.ReplyBody.FillAsync(body);
            await page.GetByTestId("preview-tab").ClickAsync();

            const string measure = """
                root => {
                    const ul = root.querySelector('ul'), after = ul.nextElementSibling;
                    return [Math.round(after.getBoundingClientRect().top - ul.getBoundingClientRect().bottom),
                            parseFloat(getComputedStyle(ul).paddingLeft), getComputedStyle(ul).listStyleType];
                }
                """;
            var inPost = await thread.Posts.First.GetByTestId("post-body").EvaluateAsync<object[]>(measure);
            var inPreview = await page.GetByTestId("preview").EvaluateAsync<object[]>(measure);

            Assert.True(Convert.ToDouble(inPost[0]) >= 8, $"Space after the list in a post: {inPost[0]} px.");
            Assert.Equal(inPost.Select(Convert.ToString), inPreview.Select(Convert.ToString));
        });

    [Fact]
    public Task The_asker_accepts_an_answer_on_the_page_and_withdraws_it_again() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "rooms-accept-and-withdraw", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Ava Asker");
            using var answerer = await App.MemberAsync("Buyer", "Anton Answerer");
            var threadId = await asker.StartThreadAsync(OpenRoom, "Who takes back old carpet tiles?", "For 2,000 m².");
            await answerer.ReplyAsync(threadId, "The manufacturer does, under its take-back scheme.");
            await asker.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            var answer = thread.Post("take-back scheme");

            await answer.GetByTestId("accept").ClickAsync();
            await Expect(answer.GetByTestId("accepted")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("answer-state")).ToHaveTextAsync("✓ Accepted");
            await ScreenshotAsync(page, "rooms-accepted-answer");

            await answer.GetByTestId("unaccept").ClickAsync();
            await Expect(answer.GetByTestId("accepted")).ToHaveCountAsync(0);
            await Expect(answer.GetByTestId("accept")).ToBeVisibleAsync();
        });
}
