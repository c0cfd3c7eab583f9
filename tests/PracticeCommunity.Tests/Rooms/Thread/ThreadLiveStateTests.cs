using PracticeCommunity.Common;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Rooms.Thread;

namespace PracticeCommunity.Tests.Rooms.Thread;

/// <summary>The state an open thread page keeps and how bus events change it (no I/O, one step per event).</summary>
public sealed class ThreadLiveStateTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 18, 13, 0, 0, TimeSpan.Zero);
    private static readonly Viewer Reader = new("reader", "Rita Reader", CommunityRole.Buyer, RoleStatus.Granted, false, false, "Stad Gent");
    private static readonly PostAuthor Asker = new("asker", "Ann Asker", "Stad Gent", "Buyer");
    private static readonly PostAuthor Other = new("other", "Olaf Other", "Desk Co", "Supplier");

    private static PostView Post(long id, PostAuthor author, bool opening = false) =>
        new(id, 7, $"<p>post {id}</p>", author, Now, null, opening, false, false, false, false, null, 0, PostActions.None);

    private static ThreadLiveState State(params PostView[] posts) => new(new ThreadDetail(7, new RoomSummary(1, "room", "Room", 1, "Part", "step", "Step", RoomAudience.Open, 0),
        "Which desks?", ThreadKind.PracticeQuestion, [], Asker, Now, Now, null, false, posts.Length - 1, posts, null,
        new ThreadPermissions(true, false, true, false, false, null)), Reader);

    private static PostCreated Created(long id, PostAuthor author, long threadId = 7) => new(threadId, 1, id, $"<p>new {id}</p>", author, Now, null);

    [Fact]
    public void A_new_post_is_added_once_with_the_actions_the_viewer_may_take()
    {
        var state = State(Post(1, Asker, opening: true));

        Assert.Equal(LiveChange.NewPost, state.Apply(Created(2, Other), Now));
        Assert.Equal(LiveChange.None, state.Apply(Created(2, Other), Now)); // the same event again
        Assert.Equal([1L, 2L], state.Posts.Select(p => p.Id));
        var added = state.Posts[1];
        Assert.True(added.Actions.Validate);   // a granted buyer may validate someone else's answer
        Assert.False(added.Actions.Edit);      // not theirs
        Assert.False(added.Actions.Accept);    // only the asker accepts
        Assert.Equal(2, state.LastPostId);
    }

    [Fact]
    public void Events_about_other_threads_change_nothing()
    {
        var state = State(Post(1, Asker, opening: true));
        Assert.Equal(LiveChange.None, state.Apply(Created(9, Other, threadId: 8), Now));
        Assert.Equal(LiveChange.None, state.Apply(new PresenceChanged(8, ["Someone"]), Now));
        Assert.Single(state.Posts);
        Assert.Empty(state.Present);
    }

    [Fact]
    public void An_edit_replaces_the_body_and_counts_a_revision()
    {
        var state = State(Post(1, Asker, opening: true), Post(2, Other));
        Assert.Equal(LiveChange.Changed, state.Apply(new PostEdited(7, 2, "<p>better</p>", Now), Now));
        Assert.Equal("<p>better</p>", state.Posts[1].BodyHtml);
        Assert.Equal(1, state.Posts[1].RevisionCount);
        Assert.Equal(LiveChange.None, state.Apply(new PostEdited(7, 99, "<p>not shown</p>", Now), Now));
    }

    [Fact]
    public void Hidden_deleted_and_accepted_posts_ask_for_a_reload()
    {
        var state = State(Post(1, Asker, opening: true), Post(2, Other));
        Assert.Equal(LiveChange.Reload, state.Apply(new PostHidden(7, 2), Now));
        Assert.Equal(LiveChange.Reload, state.Apply(new PostDeleted(7, 2), Now));
        Assert.Equal(LiveChange.Reload, state.Apply(new PostStateChanged(7, 2), Now));
    }

    [Fact]
    public void Typing_shows_others_for_four_seconds_and_a_post_from_them_ends_it()
    {
        var state = State(Post(1, Asker, opening: true));
        Assert.Equal(LiveChange.None, state.Apply(new Typing(7, Reader.DisplayName), Now)); // never myself
        Assert.Equal(LiveChange.Changed, state.Apply(new Typing(7, "Olaf Other"), Now));
        Assert.Equal(["Olaf Other"], state.Typing);

        Assert.False(state.ExpireTyping(Now.AddSeconds(3)));
        Assert.True(state.ExpireTyping(Now.AddSeconds(5)));
        Assert.Empty(state.Typing);

        state.Apply(new Typing(7, "Olaf Other"), Now);
        state.Apply(Created(2, Other), Now);
        Assert.Empty(state.Typing);
    }

    [Fact]
    public void Presence_is_taken_as_sent_and_my_own_reply_is_not_shown_twice()
    {
        var state = State(Post(1, Asker, opening: true));
        state.Apply(new PresenceChanged(7, ["Ann Asker", "Rita Reader"]), Now);
        Assert.Equal(["Ann Asker", "Rita Reader"], state.Present);

        var mine = new PostAuthor(Reader.MemberId!, Reader.DisplayName, "Stad Gent", "Buyer");
        state.AddOwn(new CreatedPost(3, 7, 1, "<p>mine</p>", Now, mine, null));
        Assert.True(state.Posts.Single(p => p.Id == 3).Actions.Edit);
        Assert.Equal(LiveChange.None, state.Apply(Created(3, mine), Now));
        Assert.Equal(2, state.Posts.Count);
    }

    [Fact]
    public void The_state_keeps_the_threads_facts_without_a_second_copy_of_its_posts()
    {
        var state = State(Post(1, Asker, opening: true), Post(2, Other));
        Assert.Empty(state.Thread.Posts);
        Assert.Equal(2, state.Posts.Count);
    }

    [Fact]
    public void Earlier_posts_go_under_the_pinned_ones_and_move_the_window_start_back()
    {
        var accepted = Post(40, Other) with { IsAccepted = true };
        var state = new ThreadLiveState(State(Post(1, Asker, opening: true), accepted, Post(50, Other), Post(51, Asker)).Thread with
        {
            Posts = [Post(1, Asker, opening: true), accepted, Post(50, Other), Post(51, Asker)], WindowStartPostId = 50,
        }, Reader);
        Assert.Equal(2, state.PinnedCount);
        Assert.Equal(50, state.WindowStart);

        state.Prepend(state.Thread with { Posts = [Post(1, Asker, opening: true), Post(45, Other), Post(48, Other)], WindowStartPostId = 45 });

        Assert.Equal([1, 40, 45, 48, 50, 51], state.Posts.Select(p => p.Id));
        Assert.Equal(45, state.WindowStart);
        // A reload (after a state change) keeps the start when it loaded nothing of the window.
        state.Replace(state.Thread with { Posts = [Post(1, Asker, opening: true)], WindowStartPostId = null });
        Assert.Equal(45, state.WindowStart);
    }
}
