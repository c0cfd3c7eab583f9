using System.Net;
using System.Text.Json;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Hosting;

/// <summary>A bad setting stops start-up with a message naming it; a good start answers health and OpenAPI.</summary>
public sealed class StartupTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("Smtp:Port", "abc")]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("Smtp:Security", "Carrier-Pigeon")]
    public async Task A_bad_setting_stops_start_up_with_a_message_that_names_it(string setting, string value)
    {
        var factory = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions
        {
            Settings = new Dictionary<string, string?> { [setting] = value },
        });

        var thrown = Record.Exception(() => factory.Server);
        try
        {
            await factory.DisposeAsync();
        }
        catch (Exception)
        {
            // A host that never started may fail to stop as well; that is not what this test is about.
        }

        Assert.NotNull(thrown);
        var messages = string.Join(" | ", Flatten(thrown));
        Assert.Contains(setting, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_200()
    {
        using var client = fixture.App.Anonymous();
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_JSON_API()
    {
        using var client = fixture.App.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/rooms", paths);
        Assert.Contains("/api/v1/me", paths);
        Assert.Contains("/api/v1/me/profile", paths);
        Assert.Contains("/api/v1/auth/login", paths);
        Assert.Contains("/api/v1/auth/register", paths);
    }

    private static IEnumerable<string> Flatten(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            if (e is AggregateException aggregate)
            {
                foreach (var message in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return message;
                }
            }
        }
    }
}
