using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Cases;

/// <summary>
/// Issue 10 in the browser: a buyer proposes a case with a document through the steps, a moderator publishes it,
/// another buyer replicates it and finishes the replication, and the original's page shows the lineage and both results.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_case_is_proposed_in_steps_published_replicated_and_its_lineage_shown() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "cases-propose-publish-replicate", async page =>
        {
            using var owner = await App.MemberAsync("Buyer", "Olga Owner", Unique.Name("Stad Gent"));
            using var copier = await App.MemberAsync("Buyer", "Cas Copier", Unique.Name("Stad Leuven"));
            using var supplier = await App.MemberAsync("Supplier", "Sue Supplier");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            var title = Unique.Name("Refurbished desks for the city hall");

            // The owner starts from the library and goes through the five steps, saving as they go.
            await owner.SignInAsync(page);
            await page.GotoAsync("/cases");
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("no-cases")).ToBeVisibleAsync();
            await BothWidthsAsync(page, "cases-library-empty");
            await page.GetByTestId("propose-case").ClickAsync();
            await Expect(page.GetByTestId("case-form")).ToBeVisibleAsync();
            await page.WaitForBlazorAsync();
            await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
            await page.GetByLabel("Summary", new() { Exact = true }).FillAsync("1,000 refurbished desks instead of new ones, with take-back at the end.");
            await page.GetByLabel("Product group", new() { Exact = true }).SelectOptionAsync("office-furniture");
            await page.GetByLabel("Country where it was bought").SelectOptionAsync("BE");
            await page.GetByLabel("Plan for end-of-use").CheckAsync();
            await page.GetByLabel("What was needed, and why buy it circularly?").FillAsync("A new office for 1,000 staff.");
            await page.GetByTestId("save-next").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/cases/\d+/edit\?step=2$"));
            var caseUrl = new Uri(page.Url).AbsolutePath.Replace("/edit", "");

            await page.GetByLabel("How was it bought? Market dialogue, procedure, lots, timeline.").FillAsync("Market dialogue with 12 suppliers, then an open procedure.");
            await page.GetByLabel("Contract model", new() { Exact = true }).SelectOptionAsync("Refurbishment");
            await page.GetByLabel("There was a market dialogue before the tender").CheckAsync();
            await page.GetByTestId("save-next").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"step=3$"));

            await page.GetByTestId("add-criterion").ClickAsync();
            await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("Award");
            await page.GetByLabel("Weight (%)", new() { Exact = true }).FillAsync("20");
            await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Share of refurbished desks in the offer.");
            await page.GetByTestId("save-next").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"step=4$"));

            await page.GetByTestId("goal-D").CheckAsync();
            await page.GetByLabel("Contract value", new() { Exact = true }).FillAsync("450000");
            await page.GetByLabel("Currency", new() { Exact = true }).FillAsync("EUR");
            await page.GetByTestId("add-indicator").ClickAsync();
            await page.GetByLabel("What is measured", new() { Exact = true }).FillAsync("refurbished");
            await page.GetByLabel("Unit", new() { Exact = true }).FillAsync("desks");
            await page.GetByLabel("Baseline", new() { Exact = true }).FillAsync("0");
            await page.GetByLabel("Contracted", new() { Exact = true }).FillAsync("800");
            await page.GetByLabel("Realised", new() { Exact = true }).FillAsync("1002");
            await BothWidthsAsync(page, "case-form-results-step");
            await page.GetByTestId("save-next").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"step=5$"));

            await page.GetByLabel("Lessons learned", new() { Exact = true }).FillAsync("Talk to refurbishers before writing the specification.");
            await page.GetByTestId("save-next").ClickAsync();
            await Expect(page.GetByTestId("files-step")).ToBeVisibleAsync();
            var pdf = Path.Combine(Path.GetTempPath(), $"tender-{Guid.NewGuid():N}.pdf");
            await File.WriteAllTextAsync(pdf, "%PDF-1.4\n%%EOF\n");
            await page.GetByTestId("file-input").SetInputFilesAsync(pdf);
            await Expect(page.GetByTestId("file-list")).ToContainTextAsync(Path.GetFileName(pdf));
            File.Delete(pdf);
            await page.GetByTestId("view-case").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
            await page.WaitForBlazorAsync();
            await page.GetByTestId("submit-case").ClickAsync();
            await Expect(page.GetByTestId("case-status").First).ToHaveTextAsync("Waiting for review");

            // The moderator finds it in the queue and publishes it.
            await using var second = await SecondContextAsync(browser.Browser, App.ServerAddress);
            var other = await second.NewPageAsync();
            BlazorCircuit.Watch(other);
            await (await new Pages.LoginPage(other).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await other.GotoAsync("/cases");
            // A click while the circuit starts can be lost to the circuit's first render: wait for it first.
            await other.WaitForBlazorAsync();
            await other.GetByTestId("review-queue").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/cases/\d+$"));
            await other.WaitForBlazorAsync();
            await Expect(other.GetByTestId("review-form")).ToBeVisibleAsync();
            await BothWidthsAsync(other, "case-page-moderator-review");
            await other.GetByTestId("publish-case").ClickAsync();
            await Expect(other.GetByTestId("case-message")).ToContainTextAsync("Published");

            // Another buyer finds it by its headline, replicates it, and finishes the replication.
            await other.Context.ClearCookiesAsync();
            await copier.SignInAsync(other);
            await other.GotoAsync("/cases");
            var card = other.GetByTestId("case-card").Filter(new() { HasText = title });
            await Expect(card.GetByTestId("case-headline")).ToHaveTextAsync("1,002 desks refurbished");
            await BothWidthsAsync(other, "cases-library-buyer");
            await other.WaitForBlazorAsync();
            await card.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/cases/\d+$"));
            await other.WaitForBlazorAsync();
            await Expect(other.GetByTestId("indicator-chart")).ToBeVisibleAsync();
            await other.GetByTestId("replicate-case").ClickAsync();
            await Expect(other.GetByTestId("replication-page")).ToBeVisibleAsync();
            await other.WaitForBlazorAsync();
            await other.GetByLabel("Where are you?").SelectOptionAsync("Done");
            await other.GetByLabel("Baseline", new() { Exact = true }).FillAsync("0");
            await other.GetByLabel("Contracted", new() { Exact = true }).FillAsync("300");
            await other.GetByLabel("Realised", new() { Exact = true }).FillAsync("400");
            await other.GetByTestId("save-replication").ClickAsync();
            await Expect(other.GetByTestId("replication-message")).ToHaveTextAsync("Saved.");
            await Expect(other.GetByTestId("publish-replication-form")).ToBeVisibleAsync();
            await BothWidthsAsync(other, "replication-page-buyer");

            // The original shows where the practice went, with both sets of results.
            await page.GotoAsync(caseUrl);
            var row = page.GetByTestId("replication-row");
            await Expect(row).ToContainTextAsync(copier.Organisation!);
            await Expect(row.GetByTestId("replication-status")).ToHaveTextAsync("Done");
            await Expect(row).ToContainTextAsync("400");
            await Expect(row).ToContainTextAsync("1,002");
            await Expect(page.GetByTestId("case-files")).ToContainTextAsync(".pdf");
            await BothWidthsAsync(page, "case-page-owner-lineage");
            // The printable page: the case alone, without the site's header, actions or forms.
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await Expect(page.Locator(".site-header")).ToBeHiddenAsync();
            await Expect(page.GetByTestId("case-actions")).ToBeHiddenAsync();
            await Expect(page.GetByTestId("indicator-chart")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "case-page-print");
            await page.EmulateMediaAsync(new() { Media = Media.Screen });

            // A supplier reads it too (no replicate button), and the network results count both pilots.
            await other.Context.ClearCookiesAsync();
            await supplier.SignInAsync(other);
            await other.GotoAsync(caseUrl);
            await other.WaitForBlazorAsync();
            await Expect(other.GetByTestId("case-lineage")).ToContainTextAsync(copier.Organisation!);
            await Expect(other.GetByTestId("replicate-case")).ToHaveCountAsync(0);
            await BothWidthsAsync(other, "case-page-supplier");
            await other.GotoAsync("/results?productGroup=office-furniture");
            var result = other.GetByTestId("result-row").Filter(new() { HasText = "refurbished" });
            await Expect(result).ToContainTextAsync("1,402 desks");
            await Expect(result).ToContainTextAsync("2");
            await BothWidthsAsync(other, "results-supplier");
        });
}
