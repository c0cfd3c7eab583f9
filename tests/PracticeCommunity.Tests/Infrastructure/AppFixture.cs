using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Infrastructure;

/// <summary>One app (its own SQLite file) shared by the tests of a class; they keep apart by using unique members.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public CommunityAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = new CommunityAppFactory(await MailCatcher.SharedAsync());
        _ = App.Server; // start now, so the first test's timing is its own
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
