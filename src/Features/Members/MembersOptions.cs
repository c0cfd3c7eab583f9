namespace PracticeCommunity.Features.Members;

public sealed class MembersOptions
{
    public const string SectionName = "Members";

    /// <summary>Email domains (for example gent.be) whose members get Buyer status without a moderator.</summary>
    public string[] PublicBodyDomains { get; set; } = [];
}
