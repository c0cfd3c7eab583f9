using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Rooms.Thread;

namespace PracticeCommunity.Tests.Rooms.Thread;

/// <summary>A post shows exactly the actions its view model allows, and says who wrote it (bUnit).</summary>
public sealed class PostItemTests : BunitContext, IClassFixture<AppFixture>
{
    private static readonly PostAuthor Author = new("a1", "Ann Asker", "Stad Gent", "Buyer");

    /// <summary>The real services the component's children use (times are shown in the viewer's zone), from the real app.</summary>
    public PostItemTests(AppFixture fixture)
    {
        Services.AddLocalization();
        AddAuthorization();
        Services.AddSingleton(fixture.App.Services.GetRequiredService<MemberService>());
        Services.AddSingleton(fixture.App.Services.GetRequiredService<Profiles>());
        Services.AddScoped<CurrentViewer>();
    }

    private static PostView Post(PostActions actions, PostAuthor? author = null, bool? mentions = null) =>
        new(5, 7, "<p>Lease the <strong>desks</strong>.</p>", author ?? Author, DateTimeOffset.UnixEpoch, null, false, false, false, false, false, mentions, 0, actions);

    [Theory]
    [InlineData(false, false, false, false, false)]
    [InlineData(true, true, false, false, false)]
    [InlineData(false, false, true, true, false)]
    [InlineData(false, false, false, false, true)]
    public void Only_the_allowed_actions_are_buttons(bool edit, bool delete, bool accept, bool validate, bool hide)
    {
        var cut = Render<PostItem>(p => p.Add(x => x.Post, Post(new PostActions(edit, delete, accept, validate, hide))));

        Assert.Equal(edit, cut.FindAll("[data-testid=edit]").Count == 1);
        Assert.Equal(delete, cut.FindAll("[data-testid=delete]").Count == 1);
        Assert.Equal(accept, cut.FindAll("[data-testid=accept]").Count == 1);
        Assert.Equal(validate, cut.FindAll("[data-testid=validate]").Count == 1);
        Assert.Equal(hide, cut.FindAll("[data-testid=hide]").Count == 1);
    }

    [Fact]
    public void A_click_on_an_action_reaches_the_page_with_the_post_and_the_command()
    {
        var requests = new List<(PostView Post, PostItem.Command Command, string? Reason)>();
        var post = Post(new PostActions(true, false, true, false, true));
        var cut = Render<PostItem>(p => p
            .Add(x => x.Post, post)
            .Add(x => x.OnAction, request => requests.Add(request)));

        cut.Find("[data-testid=accept]").Click();
        cut.Find("[data-testid=hide]").Click();
        Assert.Equal([(post, PostItem.Command.Accept, null)], requests); // hiding asks first, and why
        Assert.True(cut.Find("[data-testid=confirm-yes]").HasAttribute("disabled"));
        cut.Find("[data-testid=confirm]").Submit();
        Assert.Single(requests); // not without a reason
        cut.Find("[data-testid=hide-reason]").Input("  Advertising outside market dialogue. ");
        Assert.False(cut.Find("[data-testid=confirm-yes]").HasAttribute("disabled"));
        cut.Find("[data-testid=confirm]").Submit();

        Assert.Equal([(post, PostItem.Command.Accept, null), (post, PostItem.Command.Hide, "  Advertising outside market dialogue. ")], requests);
        Assert.Empty(cut.FindAll("[data-testid=confirm]"));
    }

    [Fact]
    public void The_asker_of_an_accepted_answer_may_withdraw_it()
    {
        var requests = new List<(PostView Post, PostItem.Command Command, string? Reason)>();
        var post = Post(new PostActions(false, false, false, false, false, Unaccept: true));
        var cut = Render<PostItem>(p => p.Add(x => x.Post, post).Add(x => x.OnAction, request => requests.Add(request)));

        cut.Find("[data-testid=unaccept]").Click();

        Assert.Equal([(post, PostItem.Command.Unaccept, null)], requests);
    }

    [Fact]
    public void Delete_asks_first_and_cancel_changes_nothing()
    {
        var requests = new List<(PostView Post, PostItem.Command Command, string? Reason)>();
        var post = Post(new PostActions(true, true, false, false, false));
        var cut = Render<PostItem>(p => p
            .Add(x => x.Post, post)
            .Add(x => x.OnAction, request => requests.Add(request)));

        cut.Find("[data-testid=delete]").Click();
        Assert.Contains("Delete this post?", cut.Find("[data-testid=confirm]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=delete]"));
        cut.Find("[data-testid=confirm-no]").Click();

        Assert.Empty(requests);
        Assert.Single(cut.FindAll("[data-testid=delete]"));
        cut.Find("[data-testid=delete]").Click();
        cut.Find("[data-testid=confirm-yes]").Click();
        Assert.Equal([(post, PostItem.Command.Delete, null)], requests);
    }

    [Fact]
    public void A_hidden_post_shows_its_author_the_reason_and_a_moderator_the_way_back()
    {
        var requests = new List<(PostView Post, PostItem.Command Command, string? Reason)>();
        var hidden = Post(PostActions.None with { Restore = true }) with { IsHidden = true, HiddenReason = "A sales pitch outside market dialogue." };
        var cut = Render<PostItem>(p => p.Add(x => x.Post, hidden).Add(x => x.OnAction, request => requests.Add(request)));

        Assert.Contains("Reason: A sales pitch outside market dialogue.", cut.Find("[data-testid=hidden-note]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=hide]"));
        cut.Find("[data-testid=restore]").Click();
        Assert.Equal([(hidden, PostItem.Command.Restore, null)], requests);

        var toOthers = Render<PostItem>(p => p.Add(x => x.Post, Post(PostActions.None) with { IsHidden = true }));
        Assert.Empty(toOthers.FindAll("[data-testid=hidden-note]"));
        Assert.Empty(toOthers.FindAll("[data-testid=restore]"));
    }

    [Fact]
    public void A_pending_buyer_is_labelled_not_yet_verified_and_a_disclosure_is_shown()
    {
        var pending = Author with { RoleStatus = "Pending" };
        var cut = Render<PostItem>(p => p.Add(x => x.Post, Post(PostActions.None, pending, mentions: true)));

        Assert.Contains("not yet verified", cut.Find("[data-testid=pending-buyer]").TextContent);
        Assert.Contains("own product or service", cut.Find("[data-testid=disclosure]").TextContent);
        Assert.Equal("desks", cut.Find("[data-testid=post-body] strong").TextContent);
    }
}
