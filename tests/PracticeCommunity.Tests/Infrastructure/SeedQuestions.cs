namespace PracticeCommunity.Tests.Infrastructure;

/// <summary>
/// The "questions to consider" of the framework pages in shared/seeds, copied verbatim: the app must show them word
/// for word. Written out here rather than read from the app's seed, so a changed seed text is caught.
/// </summary>
public static class SeedQuestions
{
    // Align and build internal capacity
    public const string CapacityTraining = "What kind of capacity building activities and training do your colleagues need in order to deliver circular public procurement projects?";
    public const string CapacityOutsource = "Can you provide or outsource the relevant training and capacity building activities?";
    public const string CapacityShare = "How can city departments or colleagues across departments share best practices and learn from each other?";

    // Learn from other cities
    public const string LearnReplicate = "Are there examples of circular public procurement activities (provided in this framework or elsewhere) that could be replicated in your city or department?";
    public const string LearnJoin = "Can your city or department join existing working groups, platforms, or conferences to learn from other cities?";
    public const string LearnEngage = "Can you engage other cities or departments that have implemented successful circular public procurement activities and learn from their experiences?";

    public static IReadOnlyList<string> All { get; } = [CapacityTraining, CapacityOutsource, CapacityShare, LearnReplicate, LearnJoin, LearnEngage];
}
