namespace PracticeCommunity.Features.Members;

/// <summary>Identity roles for the people who run the installation.</summary>
public static class StaffRoles
{
    public const string Moderator = "Moderator";
    public const string Admin = "Admin";
    public static IReadOnlyList<string> All { get; } = [Moderator, Admin];
}
