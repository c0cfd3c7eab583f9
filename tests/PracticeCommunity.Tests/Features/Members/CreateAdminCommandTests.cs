using System.Net;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Features.Members;

/// <summary><c>dotnet run -- create-admin --email E --password P</c>, run through its entry point against a test app.</summary>
public sealed class CreateAdminCommandTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task Creates_a_confirmed_admin_that_can_sign_in()
    {
        var email = Unique.Email("admin");
        const string password = "Admin-Pass-2030!";

        var code = await CreateAdminCommand.RunAsync(App.Services, ["create-admin", "--email", email, "--password", password]);

        Assert.Equal(0, code);
        using var admin = await App.SignedInClientAsync(email, password);
        var me = await admin.GetMeAsync();
        Assert.Contains("Admin", me.GetProperty("staffRoles").EnumerateArray().Select(r => r.GetString()));
        // An admin sees every room, buyers-only included.
        Assert.Contains(await admin.ListRoomsAsync(), r => r.Audience == "BuyersOnly");
    }

    [Fact]
    public async Task Promotes_an_existing_unconfirmed_member_and_sets_the_given_password()
    {
        var email = Unique.Email("promoted");
        using (var register = await App.PostRegisterAsync(email))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }
        const string password = "Promoted-Pass-77";

        var code = await CreateAdminCommand.RunAsync(App.Services, ["create-admin", "--email", email, "--password", password]);

        Assert.Equal(0, code);
        using var admin = await App.SignedInClientAsync(email, password);
        Assert.Contains("Admin", (await admin.GetMeAsync()).GetProperty("staffRoles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Without_a_password_it_fails_and_creates_nobody()
    {
        var email = Unique.Email("nopass");

        var code = await CreateAdminCommand.RunAsync(App.Services, ["create-admin", "--email", email]);

        Assert.NotEqual(0, code);
        using var login = await App.PostLoginAsync(email);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task A_weak_password_fails_with_a_non_zero_exit_code()
    {
        var email = Unique.Email("weakadmin");

        var code = await CreateAdminCommand.RunAsync(App.Services, ["create-admin", "--email", email, "--password", "123"]);

        Assert.NotEqual(0, code);
        using var login = await App.PostLoginAsync(email, "123");
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }
}
