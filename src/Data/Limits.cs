namespace PracticeCommunity.Data;

/// <summary>Lengths every path (form, API, hub) enforces; the database columns use the same numbers.</summary>
public static class Limits
{
    public const int DisplayName = 100;
    public const int OrganisationName = 200;
    public const int RoomTitle = 300;
    public const int ThreadTitle = 200;
    public const int PostBody = 20_000;
    public const int Tag = 50;
    public const int TagsPerThread = 10;
    public const int HideReason = 500;
    public const int SessionTitle = 200;
    public const int SessionDescription = 5_000;
    public const int SessionPlace = 300;
    public const int Url = 500;
    public const int AgendaItems = 30;
    public const int AgendaItemTitle = 200;
    public const int SessionNotes = 20_000;
    public const int ActionItem = 500;
    public const int ActionItems = 30;
    public const int CaseTitle = 200;
    public const int CaseSummary = 1_000;
    public const int CaseText = 10_000;
    public const int CaseShortText = 500;
    public const int Criteria = 30;
    public const int CriterionText = 2_000;
    public const int Indicators = 20;
    public const int IndicatorName = 120;
    public const int IndicatorUnit = 30;
    public const int FileName = 150;
    public const long AttachmentBytes = 10 * 1024 * 1024;
    public const int AttachmentsPerCase = 20;
    public const int ReviewComment = 2_000;
}
