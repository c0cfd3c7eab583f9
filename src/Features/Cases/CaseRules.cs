using System.Globalization;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

/// <summary>
/// What a case may hold, on every path (form, API, CSV import): lengths, vocabularies and numbers that mean
/// something. A draft may be incomplete; <see cref="Validate"/> with <c>forReview</c> also asks for the parts a
/// reader needs. Indicator values are finite, at most <see cref="MaxValue"/> in size, 0–100 when the unit is %, and
/// realised values only on a case that had a contract.
/// </summary>
public sealed class CaseRules(IStringLocalizer<Strings> L)
{
    public const double MaxValue = 1e12;
    public const decimal MaxAmount = 1_000_000_000_000m;
    public const int MaxDurationMonths = 600;
    public const int MaxLots = 1_000;

    public static IReadOnlyList<string> GoalKeys { get; } = ["A", "B", "C", "D", "E"];

    public static string? NormaliseGoal(string? goal) => goal?.Trim().ToUpperInvariant() is { Length: 1 } g && GoalKeys.Contains(g) ? g : null;

    public FieldErrors Validate(CaseInput input, bool forReview)
    {
        var errors = new FieldErrors();
        Text(errors, "title", input.Title, Limits.CaseTitle, singleLine: true, required: true, L["Give the case a title."]);
        Text(errors, "summary", input.Summary, Limits.CaseSummary, singleLine: false, forReview, L["Write a short summary: what was bought, and what changed."]);
        if (!string.IsNullOrWhiteSpace(input.ProductGroup) && !ProductGroups.IsKnown(input.ProductGroup.Trim().ToLowerInvariant()))
            errors.Add("productGroup", L["Unknown product group."]);
        else if (forReview && string.IsNullOrWhiteSpace(input.ProductGroup)) errors.Add("productGroup", L["Choose the product group."]);
        if (!string.IsNullOrWhiteSpace(input.Country) && !Countries.IsKnown(input.Country.Trim().ToUpperInvariant()))
            errors.Add("country", L["Use a two-letter ISO country code, such as BE or NL."]);
        else if (forReview && string.IsNullOrWhiteSpace(input.Country)) errors.Add("country", L["Choose the country where it was bought."]);
        foreach (var step in input.FrameworkSteps ?? [])
        {
            if (step is null || Framework.FindStep(step.Trim()) is null) errors.Add("frameworkSteps", L["Unknown framework step \"{0}\".", Cut(step ?? "", 60)]);
        }
        Text(errors, "need", input.Need, Limits.CaseText, singleLine: false, forReview, L["Say what was needed and why."]);

        Text(errors, "approach", input.Approach, Limits.CaseText, singleLine: false, forReview, L["Say how it was bought."]);
        if (!string.IsNullOrWhiteSpace(input.Procedure) && !ThreadTags.Procedures.Contains(input.Procedure.Trim().ToLowerInvariant()))
            errors.Add("procedure", L["Unknown procedure."]);
        if (input.Lots is < 1 or > MaxLots) errors.Add("lots", L["The number of lots is between 1 and {0}.", MaxLots]);
        if (!string.IsNullOrWhiteSpace(input.ContractModel) && EnumNames.Parse<ContractModel>(input.ContractModel) is null)
            errors.Add("contractModel", L["Choose a contract model: Purchase, Lease, ProductAsAService, BuyBack or Refurbishment."]);
        else if (forReview && string.IsNullOrWhiteSpace(input.ContractModel)) errors.Add("contractModel", L["Choose the contract model."]);
        Text(errors, "partners", input.Partners, Limits.CaseShortText, singleLine: false, required: false, "");

        ValidateCriteria(errors, input.Criteria);

        var goals = new List<string>();
        foreach (var goal in input.Goals ?? [])
        {
            if (NormaliseGoal(goal) is { } g) { if (!goals.Contains(g)) goals.Add(g); }
            else errors.Add("goals", L["Circular goals are A, B, C, D and E."]);
        }
        if (forReview && goals.Count == 0) errors.Add("goals", L["Choose at least one circular goal."]);
        var hasContract = input.ContractValue?.Amount is not null;
        ValidateIndicators(errors, "indicators", input.Indicators, goals, allowRealised: hasContract);
        if (forReview && (input.Indicators?.Count ?? 0) == 0) errors.Add("indicators", L["Give at least one indicator, with its baseline."]);
        if (input.ContractValue is { } money)
        {
            if (money.Amount is not { } amount) { if (!string.IsNullOrWhiteSpace(money.Currency)) errors.Add("contractValue.amount", L["Give the amount, or leave the currency empty."]); }
            else if (amount <= 0) errors.Add("contractValue.amount", L["The contract value must be more than zero."]);
            else if (amount > MaxAmount) errors.Add("contractValue.amount", L["The contract value can be at most {0:N0}.", MaxAmount]);
            if (money.Amount is not null && !Currencies.IsKnown(money.Currency?.Trim().ToUpperInvariant() ?? ""))
                errors.Add("contractValue.currency", L["Use an ISO 4217 currency code, such as EUR."]);
        }
        if (input.DurationMonths is < 1 or > MaxDurationMonths) errors.Add("durationMonths", L["The duration is between 1 and {0} months.", MaxDurationMonths]);

        Text(errors, "challenges", input.Challenges, Limits.CaseText, singleLine: false, required: false, "");
        Text(errors, "lessons", input.Lessons, Limits.CaseText, singleLine: false, forReview, L["Share the lessons learned: they are what others read first."]);
        Text(errors, "replicability", input.Replicability, Limits.CaseText, singleLine: false, required: false, "");
        Text(errors, "reusableDocuments", input.ReusableDocuments, Limits.CaseText, singleLine: false, required: false, "");
        Text(errors, "differences", input.Differences, Limits.CaseText, singleLine: false, required: false, "");
        if ((input.CitedThreadIds?.Count ?? 0) > 20) errors.Add("citedThreadIds", L["A case can cite at most {0} threads.", 20]);
        return errors;
    }

    private void ValidateCriteria(FieldErrors errors, List<CriterionInput>? criteria)
    {
        if (criteria is null) return;
        if (criteria.Count > Limits.Criteria) { errors.Add("criteria", L["A case can list at most {0} criteria.", Limits.Criteria]); return; }
        decimal weights = 0;
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            var at = $"criteria[{i}]";
            if (c is null) { errors.Add(at, L["This criterion is empty."]); continue; }
            var kind = EnumNames.Parse<CriterionKind>(c.Kind);
            if (kind is null) errors.Add($"{at}.kind", L["Choose a kind: Selection, TechnicalSpecification, Award or ContractClause."]);
            Text(errors, $"{at}.text", c.Text, Limits.CriterionText, singleLine: false, required: true, L["Write the criterion as it was in the tender."]);
            Text(errors, $"{at}.verification", c.Verification, Limits.CaseShortText, singleLine: false, required: false, "");
            if (c.Weight is { } w)
            {
                if (kind != CriterionKind.Award) errors.Add($"{at}.weight", L["Only award criteria have a weight."]);
                else if (w is <= 0 or > 100) errors.Add($"{at}.weight", L["A weight is a percentage of the award score, more than 0 and at most 100."]);
                else weights += w;
            }
        }
        if (weights > 100) errors.Add("criteria", L["The award weights add up to {0}%; they can add up to at most 100%.", weights]);
    }

    /// <summary>Indicators of a case or a replication (<paramref name="field"/> is the key errors are reported under).</summary>
    public void ValidateIndicators(FieldErrors errors, string field, List<IndicatorInput>? indicators, IReadOnlyCollection<string> goals, bool allowRealised)
    {
        if (indicators is null) return;
        if (indicators.Count > Limits.Indicators) { errors.Add(field, L["At most {0} indicators.", Limits.Indicators]); return; }
        for (var i = 0; i < indicators.Count; i++)
        {
            var x = indicators[i];
            var at = $"{field}[{i}]";
            if (x is null) { errors.Add(at, L["This indicator is empty."]); continue; }
            if (NormaliseGoal(x.Goal) is not { } goal) errors.Add($"{at}.goal", L["Circular goals are A, B, C, D and E."]);
            else if (!goals.Contains(goal)) errors.Add($"{at}.goal", L["Goal {0} is not one of the goals chosen for this case: tick it first.", goal]);
            Text(errors, $"{at}.name", x.Name, Limits.IndicatorName, singleLine: true, required: true, L["Name what is measured, for example \"CO2e avoided\"."]);
            Text(errors, $"{at}.unit", x.Unit, Limits.IndicatorUnit, singleLine: true, required: true, L["Give the unit, for example t CO2e, % or items."]);
            // The CSV writes an indicator as "goal | name | unit | …" on one line.
            if (x.Name?.Contains('|') == true) errors.Add($"{at}.name", L["A name cannot contain the | character."]);
            if (x.Unit?.Contains('|') == true) errors.Add($"{at}.unit", L["A unit cannot contain the | character."]);
            var percent = x.Unit?.Trim() == "%";
            foreach (var (name, value) in new[] { ("baseline", x.Baseline), ("contracted", x.Contracted), ("realised", x.Realised) })
            {
                if (value is not { } v) continue;
                if (!double.IsFinite(v) || Math.Abs(v) > MaxValue) errors.Add($"{at}.{name}", L["A value can be at most {0:N0} either way.", MaxValue]);
                else if (percent && v is < 0 or > 100) errors.Add($"{at}.{name}", L["A percentage is between 0 and 100 (this one is {0}).", v]);
            }
            if (x.Realised is not null && !allowRealised)
                errors.Add($"{at}.realised", L["Realised results are measured on a contract: give the contract value first."]);
        }
    }

    private void Text(FieldErrors errors, string field, string? value, int max, bool singleLine, bool required, string missing)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) { if (required) errors.Add(field, missing); return; }
        if (text.Length > max) errors.Add(field, L["At most {0} characters (this has {1}).", max, text.Length]);
        else if (singleLine ? TextRules.HasInvisibleOrControl(text) : HasHiddenCharacters(text))
            errors.Add(field, L["Remove control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
    }

    /// <summary>Multi-line text may hold line breaks and tabs, and nothing else that cannot be seen.</summary>
    public static bool HasHiddenCharacters(string text) => TextRules.HasInvisibleOrControl(text.Replace("\r", "").Replace("\n", "").Replace("\t", ""));

    private static string Cut(string value, int max) => value.Length > max ? value[..max] + "…" : value;

    // ---------- applying a valid input ----------

    public static void Apply(CaseInput input, CaseStudy c)
    {
        c.Title = input.Title!.Trim();
        c.Summary = input.Summary?.Trim() ?? "";
        c.ProductGroup = input.ProductGroup?.Trim().ToLowerInvariant() ?? "";
        c.Country = input.Country?.Trim().ToUpperInvariant() ?? c.Country;
        c.FrameworkSteps = (input.FrameworkSteps ?? []).Select(s => s.Trim()).Distinct().ToList();
        c.Need = input.Need?.Trim() ?? "";
        c.Approach = input.Approach?.Trim() ?? "";
        c.MarketDialogue = input.MarketDialogue;
        c.Procedure = string.IsNullOrWhiteSpace(input.Procedure) ? null : input.Procedure.Trim().ToLowerInvariant();
        c.Lots = input.Lots;
        c.FrameworkAgreement = input.FrameworkAgreement;
        c.ContractModel = EnumNames.Parse<ContractModel>(input.ContractModel);
        c.Partners = input.Partners?.Trim() ?? "";
        c.Criteria = Criteria(input.Criteria);
        c.Goals = (input.Goals ?? []).Select(NormaliseGoal).OfType<string>().Distinct().Order().ToList();
        c.ContractValue = input.ContractValue?.Amount;
        c.Currency = input.ContractValue?.Amount is null ? null : input.ContractValue.Currency!.Trim().ToUpperInvariant();
        c.DurationMonths = input.DurationMonths;
        c.Challenges = input.Challenges?.Trim() ?? "";
        c.Lessons = input.Lessons?.Trim() ?? "";
        c.Replicability = input.Replicability?.Trim() ?? "";
        c.ReusableDocuments = input.ReusableDocuments?.Trim() ?? "";
        c.Differences = input.Differences?.Trim() ?? "";
    }

    public static List<CaseCriterion> Criteria(IEnumerable<CriterionInput>? criteria) =>
        (criteria ?? []).Select(x => new CaseCriterion
        {
            Kind = EnumNames.Parse<CriterionKind>(x.Kind)!.Value, Text = x.Text!.Trim(), Weight = x.Weight, Verification = x.Verification?.Trim() ?? "",
        }).ToList();

    public static List<CaseIndicator> Indicators(IEnumerable<IndicatorInput>? indicators) =>
        (indicators ?? []).Select((x, i) => new CaseIndicator
        {
            Position = i, Goal = NormaliseGoal(x.Goal)!, Name = x.Name!.Trim(), Unit = x.Unit!.Trim(),
            Baseline = x.Baseline, Contracted = x.Contracted, Realised = x.Realised,
        }).ToList();

    /// <summary>
    /// The card's one line: up to two indicators with realised values (else contracted ones), as the change from the
    /// baseline when there is one ("−38 t CO2e") or the value itself ("1,002 desks refurbished"). Without realised values
    /// it is the contracted promise, which pages label as such (<see cref="CaseStudy.HasRealisedResults"/> is false).
    /// </summary>
    public static string Headline(IReadOnlyList<CaseIndicator> indicators)
    {
        var measured = indicators.Where(i => i.Realised is not null).ToList();
        var basis = measured.Count > 0 ? measured : indicators.Where(i => i.Contracted is not null).ToList();
        var parts = basis.Take(2).Select(i =>
        {
            var value = measured.Count > 0 ? i.Realised!.Value : i.Contracted!.Value;
            return i.Baseline is { } baseline && baseline != 0 && i.Unit != "%"
                ? $"{Signed(value - baseline)} {i.Unit} {i.Name}".Trim()
                : $"{Number(value)} {i.Unit} {i.Name}".Trim();
        }).ToList();
        return string.Join(", ", parts);
    }

    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 || value == Math.Round(value) ? "#,0" : "#,0.##", CultureInfo.InvariantCulture);

    public static string Signed(double value) => value < 0 ? "−" + Number(-value) : "+" + Number(value);
}
