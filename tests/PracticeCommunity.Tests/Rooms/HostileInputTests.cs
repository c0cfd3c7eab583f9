using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>A buyer and a thread to post hostile input into, in a room no other test class writes to.</summary>
public sealed class HostileWorld : IAsyncLifetime
{
    public const string Room = "evaluation-weighting";

    public CommunityAppFactory App { get; private set; } = null!;
    public CommunityMember Author { get; private set; } = null!;
    public CommunityMember Reader { get; private set; } = null!;
    public long ThreadId { get; private set; }

    public async Task InitializeAsync()
    {
        App = new CommunityAppFactory(await MailCatcher.SharedAsync());
        Author = await App.JoinAsAsync(Persona.Buyer);
        Reader = await App.JoinAsAsync(Persona.Supplier);
        (ThreadId, _) = await Author.StartThreadAsync(Room, "Hostile input lands here");
    }

    public async Task DisposeAsync()
    {
        Author?.Dispose();
        Reader?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Issue 3, "Hostile input": XSS vectors are stored inert; empty, oversized, malformed and unknown input is refused cleanly.</summary>
public sealed class HostileInputTests(HostileWorld world) : IClassFixture<HostileWorld>
{
    private CommunityMember Author => world.Author;

    public static TheoryData<string> VectorNames() => new(XssVectors.All.Select(v => v.Name));

    [Fact]
    public void There_are_at_least_30_vectors() => Assert.True(XssVectors.All.Count >= 30);

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task A_hostile_post_is_stored_inert(string name)
    {
        var vector = XssVectors.All.Single(v => v.Name == name);

        var created = await Author.ReplyAsync(world.ThreadId, vector.Body);

        InertHtml.AssertInert(created.Str("bodyHtml"), $"The created post ({name})");
        var stored = (await world.Reader.ThreadAsync(world.ThreadId)).Post(created.Id()).Str("bodyHtml");
        InertHtml.AssertInert(stored, $"The stored post ({name})");
        Assert.Equal(created.Str("bodyHtml"), stored);
    }

    [Fact]
    public async Task Images_load_only_over_https()
    {
        var insecure = await Author.ReplyAsync(world.ThreadId, XssVectors.All.Single(v => v.Name == "http image").Body);
        var relative = await Author.ReplyAsync(world.ThreadId, XssVectors.All.Single(v => v.Name == "protocol-relative image").Body);
        var secure = await Author.ReplyAsync(world.ThreadId, XssVectors.All.Single(v => v.Name == "https image").Body);

        Assert.DoesNotContain("<img", insecure.Str("bodyHtml"));
        Assert.DoesNotContain(XssVectors.InsecureImageHost, insecure.Str("bodyHtml"));
        Assert.DoesNotContain("<img", relative.Str("bodyHtml"));
        Assert.Contains($"<img src=\"{XssVectors.SecureImageUrl}\" alt=\"fine\">", secure.Str("bodyHtml"));
    }

    [Fact]
    public async Task Links_are_kept_and_marked_as_user_content()
    {
        var post = await Author.ReplyAsync(world.ThreadId, "See [the guide](https://example.org/guide) and www.example.org.");

        Assert.Contains("<a href=\"https://example.org/guide\" rel=\"nofollow ugc noopener\">the guide</a>", post.Str("bodyHtml"));
        Assert.Contains("<a href=\"http://www.example.org\" rel=\"nofollow ugc noopener\">www.example.org</a>", post.Str("bodyHtml"));
    }

    [Fact]
    public async Task Template_syntax_stays_literal_text()
    {
        var post = await Author.ReplyAsync(world.ThreadId, "{{7*7}} and @(1+1)");

        Assert.Equal("<p>{{7*7}} and @(1+1)</p>", post.Str("bodyHtml").Trim());
    }

    [Fact]
    public async Task A_mention_inside_an_image_or_link_stays_inert()
    {
        var named = world.Reader.DisplayName;
        var post = await Author.ReplyAsync(world.ThreadId,
            $"![@[{named}]](https://images.example/a.png) [@[{named}]](https://example.org) `@[{named}]` @[{named}]");

        InertHtml.AssertInert(post.Str("bodyHtml"), "A post with mentions in attributes");
    }

    [Fact]
    public async Task A_hostile_thread_title_is_kept_as_text_and_shown_encoded()
    {
        const string title = "<img src=x onerror=\"window.__xss=1\"> <script>alert(1)</script>";
        var (threadId, _) = await Author.StartThreadAsync(HostileWorld.Room, title);

        Assert.Equal(title, (await world.Reader.ThreadAsync(threadId)).Str("title"));
        var page = await world.Reader.Http.GetStringAsync($"/threads/{threadId}");
        Assert.Contains("&lt;img src=x onerror=", page);
        Assert.DoesNotContain("<img src=x", page);
        Assert.DoesNotContain("<script>alert(1)", page);
    }

    // ---------- refused input ----------

    private async Task<int> ThreadCountAsync() =>
        (await Author.Http.GetJsonAsync("/api/v1/rooms")).EnumerateArray()
            .Single(r => r.GetProperty("slug").GetString() == HostileWorld.Room).GetProperty("threadCount").GetInt32();

    public static TheoryData<string, string, string, string[]> BadThreads => new()
    {
        { "empty", "", "", ["title", "body"] },
        { "whitespace", "   ", " \n ", ["title", "body"] },
        { "title of 201 characters", Text(201, 't'), "Body", ["title"] },
        { "body of 20,001 characters", "Title", Text(20_001), ["body"] },
        { "both too long", Text(201, 't'), Text(20_001), ["title", "body"] },
    };

    [Theory]
    [MemberData(nameof(BadThreads))]
    public async Task A_thread_with_a_missing_or_oversized_title_or_body_is_refused_per_field_and_not_stored(string _, string title, string body, string[] fields)
    {
        var before = await ThreadCountAsync();

        using var response = await Author.Http.PostThreadAsync(HostileWorld.Room, new { title, body, kind = "PracticeQuestion", tags = Array.Empty<string>() });

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal(fields.Order(), problem.Errors.Keys.Order());
        Assert.Equal(before, await ThreadCountAsync());
    }

    [Fact]
    public async Task The_limits_themselves_are_allowed()
    {
        var (threadId, openingId) = await Author.StartThreadAsync(HostileWorld.Room, Text(200, 't'), Text(20_000));

        var thread = await world.Reader.ThreadAsync(threadId);
        Assert.Equal(200, thread.Str("title").Length);
        Assert.Contains(Text(20_000), thread.Post(openingId).Str("bodyHtml"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    [InlineData(null)]
    public async Task An_empty_reply_is_refused_and_not_stored(string? body)
    {
        var before = (await Author.ThreadAsync(world.ThreadId)).Posts().Count;

        using var response = await Author.Http.PostReplyAsync(world.ThreadId, body!);

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal(["body"], problem.Errors.Keys);
        Assert.Equal(before, (await Author.ThreadAsync(world.ThreadId)).Posts().Count);
    }

    [Fact]
    public async Task A_reply_of_20001_characters_is_refused_not_truncated()
    {
        var before = (await Author.ThreadAsync(world.ThreadId)).Posts().Count;

        using var response = await Author.Http.PostReplyAsync(world.ThreadId, Text(20_001));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Contains("20", problem.Errors["body"].Single());
        Assert.Equal(before, (await Author.ThreadAsync(world.ThreadId)).Posts().Count);
    }

    [Theory]
    [InlineData("Bogus", null)]
    [InlineData(null, null)]
    [InlineData("PracticeQuestion", "product:spaceships")]
    [InlineData("PracticeQuestion", "weather:sunny")]
    [InlineData("PracticeQuestion", "country:XX")]
    public async Task An_unknown_kind_or_tag_is_refused(string? kind, string? tag)
    {
        var before = await ThreadCountAsync();

        using var response = await Author.Http.PostThreadAsync(HostileWorld.Room,
            new { title = "Kinds and tags", body = "Body", kind, tags = tag is null ? Array.Empty<string>() : [tag] });

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal([tag is null ? "kind" : "tags"], problem.Errors.Keys);
        Assert.Equal(before, await ThreadCountAsync());
    }

    [Fact]
    public async Task More_than_ten_tags_are_refused()
    {
        string[] tags = ["product:ict", "product:textiles", "product:food-and-catering", "product:mobility", "product:cleaning",
            "product:events", "product:other", "country:BE", "country:NL", "country:FR", "procedure:open"];

        using var response = await Author.Http.PostThreadAsync(HostileWorld.Room, new { title = "Many tags", body = "Body", kind = "PracticeShare", tags });

        Assert.True((await Problem.ReadAsync(response)).Errors.ContainsKey("tags"));
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "truncated JSON", "{\"title\": \"Half" },
        { "not JSON at all", "title=Hello&body=World" },
        { "wrong types", "{\"title\": 42, \"body\": [\"x\"], \"kind\": {}}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_JSON_is_a_400_problem(string _, string json)
    {
        var before = await ThreadCountAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Author.Http.PostAsync($"/api/v1/rooms/{HostileWorld.Room}/threads", content);

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.DoesNotContain("Half", problem.Body.GetRawText()); // the request is not echoed back
        Assert.Equal(before, await ThreadCountAsync());
    }

    [Fact]
    public async Task Malformed_JSON_for_a_reply_is_a_400_problem()
    {
        using var content = new StringContent("{\"body\": ", Encoding.UTF8, "application/json");

        using var response = await Author.Http.PostAsync($"/api/v1/threads/{world.ThreadId}/posts", content);

        (await Problem.ReadAsync(response)).AssertIsBadRequestProblem();
    }
}

/// <summary>The over-the-wire limit needs a real Kestrel: the in-memory test server does not enforce it.</summary>
public sealed class WireLimitTests : IAsyncLifetime
{
    private CommunityAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions { Kestrel = true });
        _ = _app.ServerAddress;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_request_body_over_one_megabyte_is_refused_with_413()
    {
        using var buyer = await _app.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await buyer.StartThreadAsync(OpenRoom);
        var huge = JsonSerializer.Serialize(new { body = Text(1_200_000) });

        // Announced by its Content-Length: refused before the body is read. The client asks first
        // (Expect: 100-continue), as clients do for large uploads; otherwise the server's early answer
        // and its closing the connection can race the client still writing 1.2 MB (a broken pipe).
        using (var sized = new StringContent(huge, Encoding.UTF8, "application/json"))
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/threads/{threadId}/posts") { Content = sized })
        {
            request.Headers.ExpectContinue = true;
            using var response = await buyer.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        // Streamed without a Content-Length: refused while reading, once the first megabyte is in. Just over
        // the limit, so the rest fits in the socket buffers while the server answers.
        var justOver = JsonSerializer.Serialize(new { body = Text(1_060_000) });
        using (var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(justOver))))
        {
            streamed.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/threads/{threadId}/posts") { Content = streamed };
            request.Headers.TransferEncodingChunked = true;
            request.Headers.ExpectContinue = true;
            using var response = await buyer.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        Assert.Single((await buyer.ThreadAsync(threadId)).Posts());
    }
}
