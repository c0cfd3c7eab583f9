using Microsoft.AspNetCore.Identity;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Members;

/// <summary>
/// <c>dotnet run -- create-admin --email E --password P</c>: creates (or promotes) a confirmed Admin and exits.
/// The first admin is always made this way, never by "first user wins". The roles exist already: Program runs
/// the start-up tasks (<see cref="StaffRoleSeeder"/>) first.
/// </summary>
public static partial class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var email = Arg("--email");
        var password = Arg("--password");
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run -- create-admin --email E --password P");
            return 2;
        }

        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();

        var member = await users.FindByEmailAsync(email);
        IdentityResult result;
        if (member is null)
        {
            member = new Member { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Admin", CreatedAt = time.GetUtcNow() };
            result = await users.CreateAsync(member, password);
        }
        else
        {
            member.EmailConfirmed = true;
            result = await users.UpdateAsync(member);
            if (result.Succeeded)
            {
                var token = await users.GeneratePasswordResetTokenAsync(member);
                result = await users.ResetPasswordAsync(member, token, password);
            }
        }
        if (result.Succeeded && !await users.IsInRoleAsync(member, StaffRoles.Admin))
        {
            result = await users.AddToRoleAsync(member, StaffRoles.Admin);
        }
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"Could not create the admin: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }
        Console.WriteLine($"{email} is an Admin.");
        return 0;
    }
}
