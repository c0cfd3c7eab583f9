using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Rooms;

/// <summary>Issue 8 in the browser: the keyboard-first @mention popup, and a hide with a reason that can be undone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PostToolsBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task The_mention_popup_works_by_keyboard_alone_and_keeps_the_caret_and_what_follows() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "mention-popup-keyboard", async page =>
        {
            using var writer = await App.MemberAsync("Buyer", "Wout Writer");
            using var mara = await App.MemberAsync("Buyer", "Mara Jansen");
            using var marc = await App.MemberAsync("Supplier", "Marc Jansen");
            var threadId = await writer.StartThreadAsync(OpenRoom, Unique.Name("Who repaired desks"), "Tell me about repair.");
            await writer.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            var popup = page.GetByTestId("mention-popup");

            // The popup is ready once the interactive page has attached it to the text box.
            await page.WaitForFunctionAsync("() => !!document.getElementById('reply-body')?.__pcMentions");
            await thread.ReplyBody.FocusAsync();
            await page.Keyboard.TypeAsync("Thanks @Ma");
            await Expect(popup.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);
            await Expect(popup.GetByRole(AriaRole.Option).First).ToHaveAttributeAsync("aria-selected", "true");
            await Expect(thread.ReplyBody).ToHaveAttributeAsync("aria-activedescendant", "reply-body-mentions-0");
            await BothWidthsAsync(page, "mention-popup-open");

            // Escape closes without changing the text; typing more asks again.
            await page.Keyboard.PressAsync("Escape");
            await Expect(popup).ToBeHiddenAsync();
            await Expect(thread.ReplyBody).ToHaveValueAsync("Thanks @Ma");
            await page.Keyboard.TypeAsync("r");
            await Expect(popup.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);

            // Down to the second name, Enter picks it: no newline, the name as people write it, the caret after it.
            var second = await popup.GetByRole(AriaRole.Option).Nth(1).TextContentAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Expect(popup.GetByRole(AriaRole.Option).Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
            await page.Keyboard.PressAsync("Enter");
            await Expect(popup).ToBeHiddenAsync();
            await Expect(thread.ReplyBody).ToHaveValueAsync($"Thanks {second} ");
            Assert.Equal("reply-body", await page.EvaluateAsync<string>("() => document.activeElement.id"));

            // Typing goes on where the caret is, and nothing typed is lost.
            await page.Keyboard.TypeAsync("for the repair tip.");
            await Expect(thread.ReplyBody).ToHaveValueAsync($"Thanks {second} for the repair tip.");
            Assert.DoesNotContain("@[", await thread.ReplyBody.InputValueAsync());

            // Sent from the keyboard too.
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            var mentioned = second == "@" + marc.DisplayName ? marc : mara;
            var post = thread.Post("for the repair tip.");
            await Expect(post.Locator("strong.mention")).ToHaveTextAsync("@" + mentioned.DisplayName);
            var notifications = await mentioned.Http.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
            Assert.Contains(notifications.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "Mention" && n.GetProperty("threadId").GetInt64() == threadId);
        });

    [Fact]
    public Task A_moderator_hides_a_post_with_a_reason_the_author_reads_and_restores_it() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "hide-with-reason", async page =>
        {
            using var author = await App.MemberAsync("Supplier", "Pieter Pitch");
            using var asker = await App.MemberAsync("Buyer", "Asha Asker");
            var threadId = await asker.StartThreadAsync(OpenRoom, Unique.Name("Reused IT for schools"), "Who has done this?");
            using (var reply = await author.Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body = "Buy our refurbished laptops, 20% off this week!", mentionsOwnOffering = true }))
                await CommunitySteps.EnsureAsync(reply, HttpStatusCode.Created, "the supplier's pitch");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            await (await new LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            var pitch = thread.Post("20% off");

            await pitch.GetByTestId("hide").ClickAsync();
            var confirm = pitch.GetByTestId("confirm");
            await Expect(confirm.GetByTestId("confirm-yes")).ToBeDisabledAsync();
            await confirm.GetByTestId("hide-reason").FillAsync("A sales pitch outside a market-dialogue room.");
            await BothWidthsAsync(page, "hide-asks-why");
            await confirm.GetByTestId("confirm-yes").ClickAsync();

            // The moderator still sees the words, marked hidden with the reason, and the way back.
            await Expect(pitch.GetByTestId("hidden-note")).ToContainTextAsync("A sales pitch outside a market-dialogue room.");
            await Expect(pitch.GetByTestId("restore")).ToBeVisibleAsync();

            // The author reads the reason on their post; the asker sees only that a moderator hid it.
            await using var other = await SecondContextAsync(browser.Browser, App.ServerAddress);
            var otherPage = await other.NewPageAsync();
            BlazorCircuit.Watch(otherPage);
            await author.SignInAsync(otherPage);
            var authorView = await new ThreadPageObject(otherPage).OpenAsync(threadId);
            await Expect(authorView.Post("20% off").GetByTestId("hidden-note")).ToContainTextAsync("Reason: A sales pitch outside a market-dialogue room.");
            await ScreenshotAsync(otherPage, "hide-seen-by-author");
            await otherPage.GotoAsync("/notifications");
            await Expect(otherPage.GetByTestId("notification-list")).ToContainTextAsync("A moderator hid your post, and said why, in");
            await otherPage.Context.ClearCookiesAsync();
            await asker.SignInAsync(otherPage);
            var askerView = await new ThreadPageObject(otherPage).OpenAsync(threadId);
            await Expect(askerView.Posts.Nth(1)).ToContainTextAsync("This post was hidden by a moderator.");
            await Expect(otherPage.GetByText("20% off")).ToHaveCountAsync(0);
            await Expect(otherPage.GetByText("A sales pitch outside")).ToHaveCountAsync(0);

            // Undo: restored for everyone, live.
            await pitch.GetByTestId("restore").ClickAsync();
            await Expect(pitch.GetByTestId("hidden-note")).ToHaveCountAsync(0);
            await Expect(askerView.Post("20% off")).ToHaveCountAsync(1);
        });
}
