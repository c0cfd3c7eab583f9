using System.Net;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;

namespace PracticeCommunity.Tests.Hosting;

/// <summary>Issue 8: an unknown address gets our friendly page (not an empty body); scripts still get problem details.</summary>
public sealed class NotFoundTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/rooms/a/b/c")]
    [InlineData("/%E2%80%8Bhidden")]
    public async Task An_unknown_page_answers_404_with_a_way_back(string path)
    {
        using var client = fixture.App.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.Contains("href=\"/\"", html);
    }

    [Fact]
    public async Task An_unknown_api_address_answers_a_problem_not_a_page()
    {
        using var client = fixture.App.Anonymous();

        using var response = await client.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("not-found", await response.Content.ReadAsStringAsync());
    }
}
