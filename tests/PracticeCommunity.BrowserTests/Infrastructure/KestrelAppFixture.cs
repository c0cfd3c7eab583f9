using PracticeCommunity.Testing;

namespace PracticeCommunity.BrowserTests.Infrastructure;

/// <summary>
/// One app on a real Kestrel (its own SQLite file, the shared mail catcher) for the tests of a class. They keep apart
/// through unique members, threads and words, so a class starts its app once instead of once per test.
/// </summary>
public sealed class KestrelAppFixture : IAsyncLifetime
{
    public CommunityAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions { Kestrel = true, Environment = "Development" });
        _ = App.ServerAddress;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
