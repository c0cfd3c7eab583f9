using PracticeCommunity.Features.Live;

namespace PracticeCommunity.Features.Rooms.Thread;

/// <summary>What an open thread page has applied from the bus.</summary>
public enum LiveChange
{
    /// <summary>Not about this thread, or already shown.</summary>
    None,
    /// <summary>Something on screen changed: render.</summary>
    Changed,
    /// <summary>A new post arrived: render, and it counts as read if the page is being looked at.</summary>
    NewPost,
    /// <summary>A post changed state (hidden, deleted, accepted, validated): load the shown posts again.</summary>
    Reload,
}

/// <summary>
/// What a thread page shows, kept current from bus events: the posts on screen, who is here and who is typing.
/// It keeps only what the page shows (the thread's facts without a second copy of its posts), does no I/O and
/// costs one list operation per event, so a page watching a busy thread stays cheap.
/// </summary>
public sealed class ThreadLiveState
{
    /// <summary>How long "X is typing" stays after their last keystroke event.</summary>
    public static readonly TimeSpan TypingShownFor = TimeSpan.FromSeconds(4);

    private readonly Viewer _viewer;
    private readonly Dictionary<string, DateTimeOffset> _typing = new(StringComparer.Ordinal);

    public ThreadLiveState(ThreadDetail thread, Viewer viewer)
    {
        _viewer = viewer;
        Thread = thread with { Posts = [] };
        Posts = thread.Posts.ToList();
        WindowStart = thread.WindowStartPostId;
    }

    /// <summary>The thread's facts and the viewer's permissions (its Posts are in <see cref="Posts"/>).</summary>
    public ThreadDetail Thread { get; private set; }

    public List<PostView> Posts { get; private set; }

    public IReadOnlyList<string> Present { get; private set; } = [];

    public IReadOnlyCollection<string> Typing => _typing.Keys;

    public long LastPostId => Posts.Count == 0 ? 0 : Posts.Max(p => p.Id);

    /// <summary>
    /// How many posts lead the page whatever part of the thread it shows: the opening post and the accepted answer.
    /// Earlier posts, loaded on request, go after them.
    /// </summary>
    public int PinnedCount => Posts.TakeWhile(p => p.IsOpening || p.IsAccepted).Count();

    /// <summary>
    /// The oldest post the page loaded as part of the thread's run of posts, not pinned on top: a reload starts
    /// there, and "show earlier" loads what comes before it. Null while the thread had no posts to load.
    /// </summary>
    public long? WindowStart { get; private set; }

    public LiveChange Apply(CommunityEvent e, DateTimeOffset now)
    {
        if (e is not IThreadEvent { ThreadId: var threadId } || threadId != Thread.Id) return LiveChange.None;
        switch (e)
        {
            case PostCreated created:
                // Events can arrive twice around a reload, and my own reply is shown before its event: once only.
                if (Posts.Any(p => p.Id == created.PostId)) return LiveChange.None;
                Posts.Add(PostViews.ForLive(created, _viewer, Thread.Kind, Thread.Author.Id));
                _typing.Remove(created.Author.DisplayName);
                return LiveChange.NewPost;
            case PostEdited edited:
                var i = Posts.FindIndex(p => p.Id == edited.PostId);
                if (i < 0) return LiveChange.None;
                Posts[i] = Posts[i] with { BodyHtml = edited.BodyHtml, EditedAt = edited.EditedAt, RevisionCount = Posts[i].RevisionCount + 1 };
                return LiveChange.Changed;
            case PostHidden or PostDeleted or PostStateChanged:
                return LiveChange.Reload;
            case PresenceChanged presence:
                Present = presence.Members;
                return LiveChange.Changed;
            case Live.Typing typing when typing.DisplayName != _viewer.DisplayName:
                _typing[typing.DisplayName] = now;
                return LiveChange.Changed;
            default:
                return LiveChange.None;
        }
    }

    /// <summary>Forgets typists who went quiet; true when the line changed.</summary>
    public bool ExpireTyping(DateTimeOffset now)
    {
        var stale = _typing.Where(t => now - t.Value > TypingShownFor).Select(t => t.Key).ToList();
        foreach (var name in stale) _typing.Remove(name);
        return stale.Count > 0;
    }

    /// <summary>The viewer's own reply, shown at once.</summary>
    public void AddOwn(CreatedPost created)
    {
        if (Posts.All(p => p.Id != created.Id)) Posts.Add(PostViews.ForOwn(created, _viewer, Thread.Kind, Thread.Author.Id));
    }

    /// <summary>A fresh load of the posts from <see cref="WindowStart"/> on (after a state change or a reconnect).</summary>
    public void Replace(ThreadDetail fresh)
    {
        Thread = fresh with { Posts = [] };
        Posts = fresh.Posts.ToList();
        WindowStart = fresh.WindowStartPostId ?? WindowStart;
    }

    /// <summary>Older posts loaded on request go between the pinned posts and the ones shown.</summary>
    public void Prepend(ThreadDetail earlier)
    {
        var known = Posts.Select(p => p.Id).ToHashSet();
        Posts.InsertRange(PinnedCount, earlier.Posts.Where(p => !known.Contains(p.Id)));
        WindowStart = earlier.WindowStartPostId ?? WindowStart;
    }

    public void ReplacePost(PostView post)
    {
        var i = Posts.FindIndex(p => p.Id == post.Id);
        if (i >= 0) Posts[i] = post;
    }
}
