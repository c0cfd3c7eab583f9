namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// The circular-procurement framework for cities: four parts, each with steps. Rooms point at a step by key;
/// the catalogue is fixed because it mirrors the published framework, while rooms are data moderators edit.
/// </summary>
public static class Framework
{
    public static IReadOnlyList<FrameworkPart> Parts { get; } =
    [
        new(1, "Setting yourself up for success",
        [
            new("set-ambition", "Set the level of ambition", "Set and communicate your ambition"),
            new("communicate-ambition", "Communicate your ambition", "Set and communicate your ambition"),
            new("learn-from-other-cities", "Learn from other cities", "Build internal capacity and collect data"),
            new("form-working-group", "Form a working group", "Build internal capacity and collect data"),
            new("align-capacity", "Align and build internal capacity", "Build internal capacity and collect data"),
            new("market-research", "Conduct market research and collect data", "Build internal capacity and collect data"),
            new("market-dialogues", "Conduct market dialogues", "Build internal capacity and collect data"),
            new("identify-pilots", "Identify opportunities for pilots", null),
        ]),
        new(2, "Adapt criteria and requirements",
        [
            new("criteria-products", "Criteria for products", null),
            new("criteria-food", "Criteria for food", null),
            new("criteria-plastic-packaging", "Criteria for plastic packaging", null),
            new("criteria-mobility", "Criteria for mobility", null),
            new("criteria-buildings", "Criteria for buildings", null),
        ]),
        new(3, "Run a circular tender process",
        [
            new("assess-needs", "Assess needs and review assets", null),
            new("assess-risks", "Assess risks and opportunities", null),
            new("engage-departments", "Engage relevant departments", null),
            new("adapt-selection-evaluation", "Adapt selection and evaluation", null),
            new("adapt-tender-procedure", "Adapt the tender procedure", null),
            new("end-of-use", "Plan for end-of-use", null),
        ]),
        new(4, "Mainstream circular public procurement",
        [
            new("learn-and-improve", "Learn and improve", null),
            new("support-innovation", "Support innovation and emerging innovators", null),
            new("align-business-support", "Align business support", null),
            new("enabling-regulation", "Create an enabling regulatory environment", null),
        ]),
    ];

    private static readonly Dictionary<string, (FrameworkPart Part, FrameworkStep Step)> StepsByKey =
        Parts.SelectMany(p => p.Steps.Select(s => (p, s))).ToDictionary(x => x.s.Key, x => (x.p, x.s));

    public static FrameworkStep? FindStep(string key) => StepsByKey.TryGetValue(key, out var x) ? x.Step : null;

    public static FrameworkPart? FindPart(int number) => Parts.FirstOrDefault(p => p.Number == number);

    /// <summary>Position of a step in the whole framework, for ordering rooms.</summary>
    public static int StepIndex(string key) =>
        Parts.SelectMany(p => p.Steps).Select((s, i) => (s, i)).FirstOrDefault(x => x.s.Key == key) is var (step, index) && step is not null ? index : int.MaxValue;
}

public sealed record FrameworkPart(int Number, string Title, IReadOnlyList<FrameworkStep> Steps);

/// <param name="Group">The framework's heading above a run of steps, when it has one.</param>
public sealed record FrameworkStep(string Key, string Title, string? Group);
