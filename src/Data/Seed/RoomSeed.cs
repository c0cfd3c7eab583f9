namespace PracticeCommunity.Data.Seed;

/// <summary>
/// The rooms a new installation starts with: one per question to consider. Questions quoted from the framework
/// are verbatim; the others are written in our own words. Loaded once (see <see cref="DatabaseInitializer"/>).
/// </summary>
public static class RoomSeed
{
    public sealed record SeedRoom(string Slug, string StepKey, int Part, RoomAudience Audience, string Title);

    public static IReadOnlyList<SeedRoom> Rooms { get; } =
    [
        // Part 1: Setting yourself up for success
        new("ambition-two-year-goals", "set-ambition", 1, RoomAudience.Open,
            "Which circular goals can we reach in the next two years?"),
        new("ambition-political-mandate", "set-ambition", 1, RoomAudience.BuyersOnly,
            "How do we get a political mandate for circular procurement?"),
        new("communicate-who-must-know", "communicate-ambition", 1, RoomAudience.Open,
            "Who must know about our ambition, inside and outside the organisation?"),
        new("communicate-signal-market", "communicate-ambition", 1, RoomAudience.MarketDialogue,
            "How do we signal our ambition to the market early enough for suppliers to prepare?"),

        new("learn-replicable-examples", "learn-from-other-cities", 1, RoomAudience.Open,
            "Are there examples of circular public procurement activities (provided in this framework or elsewhere) that could be replicated in your city or department?"),
        new("learn-join-working-groups", "learn-from-other-cities", 1, RoomAudience.Open,
            "Can your city or department join existing working groups, platforms, or conferences to learn from other cities?"),
        new("learn-engage-other-cities", "learn-from-other-cities", 1, RoomAudience.BuyersOnly,
            "Can you engage other cities or departments that have implemented successful circular public procurement activities and learn from their experiences?"),

        new("working-group-members", "form-working-group", 1, RoomAudience.BuyersOnly,
            "Who belongs in a cross-department working group?"),
        new("working-group-mandate", "form-working-group", 1, RoomAudience.Open,
            "What should a working group decide, and how often should it meet?"),

        new("capacity-training-needs", "align-capacity", 1, RoomAudience.Open,
            "What kind of capacity building activities and training do your colleagues need in order to deliver circular public procurement projects?"),
        new("capacity-provide-or-outsource", "align-capacity", 1, RoomAudience.Open,
            "Can you provide or outsource the relevant training and capacity building activities?"),
        new("capacity-share-across-departments", "align-capacity", 1, RoomAudience.BuyersOnly,
            "How can city departments or colleagues across departments share best practices and learn from each other?"),

        new("research-local-businesses", "market-research", 1, RoomAudience.MarketDialogue,
            "Which local businesses already offer rental, repair, reuse or take-back?"),
        new("research-spend-data", "market-research", 1, RoomAudience.BuyersOnly,
            "Which spend and asset data do we need before we talk to the market?"),

        new("dialogue-invite-fairly", "market-dialogues", 1, RoomAudience.BuyersOnly,
            "How do we invite suppliers to a market dialogue without favouring anyone?"),
        new("dialogue-what-can-market-deliver", "market-dialogues", 1, RoomAudience.MarketDialogue,
            "What can the market deliver today, and what needs another year?"),

        new("pilots-contracts-up-for-renewal", "identify-pilots", 1, RoomAudience.BuyersOnly,
            "Which contracts up for renewal could carry a circular pilot?"),
        new("pilots-measure-outcome", "identify-pilots", 1, RoomAudience.Open,
            "How do we measure a pilot's outcome?"),

        // Part 2: Adapt criteria and requirements
        new("criteria-products-durability", "criteria-products", 2, RoomAudience.Open,
            "Which award criteria reward durability and repair?"),
        new("criteria-products-refurbished", "criteria-products", 2, RoomAudience.MarketDialogue,
            "How do we ask for refurbished or remanufactured products without excluding new entrants?"),
        new("criteria-food-waste", "criteria-food", 2, RoomAudience.Open,
            "Which requirements cut food waste in catering contracts?"),
        new("criteria-packaging-reuse", "criteria-plastic-packaging", 2, RoomAudience.Open,
            "How do we require reusable packaging and verify that it comes back?"),
        new("criteria-mobility-sharing", "criteria-mobility", 2, RoomAudience.Open,
            "When is leasing or sharing vehicles better than buying them?"),
        new("criteria-buildings-disassembly", "criteria-buildings", 2, RoomAudience.Open,
            "How do we specify buildings designed for disassembly and material passports?"),

        // Part 3: Run a circular tender process
        new("needs-existing-assets", "assess-needs", 3, RoomAudience.Open,
            "Which existing assets could be reused, repaired or shared before we buy anything new?"),
        new("risks-new-contract-models", "assess-risks", 3, RoomAudience.BuyersOnly,
            "Which risks does a product-as-a-service contract shift to us, and which to the supplier?"),
        new("departments-who-to-involve", "engage-departments", 3, RoomAudience.Open,
            "Which departments (finance, legal, facilities) must sign off, and when do we involve them?"),
        new("evaluation-weighting", "adapt-selection-evaluation", 3, RoomAudience.Open,
            "How much weight should circular award criteria carry against price?"),
        new("procedure-choice", "adapt-tender-procedure", 3, RoomAudience.Open,
            "Which procedure leaves room for innovation: competitive dialogue, innovation partnership or open tender?"),
        new("end-of-use-goods", "end-of-use", 3, RoomAudience.Open,
            "What happens to the goods at the end of the contract?"),
        new("end-of-use-take-back", "end-of-use", 3, RoomAudience.MarketDialogue,
            "Which take-back and buy-back arrangements can suppliers offer?"),

        // Part 4: Mainstream circular public procurement
        new("improve-debrief-pilot", "learn-and-improve", 4, RoomAudience.Open,
            "How do we debrief a finished pilot with colleagues and suppliers?"),
        new("improve-monitoring", "learn-and-improve", 4, RoomAudience.BuyersOnly,
            "How do we monitor circular results across all our contracts?"),
        new("innovation-small-suppliers", "support-innovation", 4, RoomAudience.MarketDialogue,
            "How can start-ups and small circular businesses win public contracts?"),
        new("business-support-alignment", "align-business-support", 4, RoomAudience.Open,
            "How can the economic development team help local circular businesses get ready for our tenders?"),
        new("regulation-barriers", "enabling-regulation", 4, RoomAudience.Open,
            "Which rules stop us from buying second-hand or refurbished, and how have others changed them?"),
    ];
}
