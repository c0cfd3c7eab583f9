using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// What each format brings: its default agenda (timed, editable) and length. Peer learning follows the incident
/// method of intervision; buyer-meets-supplier gives buyers the floor first, then every supplier the same time.
/// </summary>
public static class SessionFormats
{
    public static IReadOnlyList<AgendaItem> DefaultAgenda(SessionFormat format) => format switch
    {
        SessionFormat.PeerLearning =>
        [
            Item("Review of last time's advice", 5),
            Item("Cases brought", 10),
            Item("Choose one case", 5),
            Item("Factual questions only", 15),
            Item("Analysis while the case bringer listens", 10),
            Item("Advice round", 10),
            Item("The case bringer says what they will use", 10),
        ],
        SessionFormat.BuyerMeetsSupplier =>
        [
            Item("Welcome and the rules of equal treatment", 10),
            Item("Buyers present their needs and upcoming tenders", 40),
            Item("Supplier pitches, the same time for each", 40),
            Item("One-to-one meetings in booked slots", 60),
            Item("Wrap-up: what happens next", 10),
        ],
        SessionFormat.Kickoff =>
        [
            Item("Welcome and why we meet", 15),
            Item("Round of introductions: your ambition and first pilot", 45),
            Item("The year's calendar and how we work", 20),
            Item("Commitments and next steps", 10),
        ],
        SessionFormat.InspirationDay =>
        [
            Item("Opening keynote", 30),
            Item("Practice stories from cities", 60),
            Item("Break-out tables by product group", 60),
            Item("Harvest and close", 20),
        ],
        SessionFormat.Workshop =>
        [
            Item("Goal of the workshop", 10),
            Item("Working in groups", 60),
            Item("Groups report back", 20),
            Item("Agreements and next steps", 10),
        ],
        SessionFormat.Webinar =>
        [
            Item("Presentation", 35),
            Item("Questions and answers", 20),
            Item("What to read next", 5),
        ],
        SessionFormat.SiteVisit =>
        [
            Item("Welcome by the host", 15),
            Item("Tour", 60),
            Item("Questions and lessons learned", 30),
        ],
        SessionFormat.Masterclass =>
        [
            Item("Masterclass", 60),
            Item("Exercise on your own tender", 30),
            Item("Questions", 20),
        ],
        SessionFormat.PilotDebrief =>
        [
            Item("What the pilot set out to do", 10),
            Item("Results against the indicators", 20),
            Item("What worked and what did not", 20),
            Item("Questions from peers", 20),
            Item("What others can replicate", 10),
        ],
        _ => [],
    };

    public static int DefaultMinutes(SessionFormat format) => Math.Max(60, DefaultAgenda(format).Sum(a => a.Minutes));

    private static AgendaItem Item(string title, int minutes) => new() { Title = title, Minutes = minutes };
}
