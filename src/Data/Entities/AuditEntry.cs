namespace PracticeCommunity.Data;

/// <summary>
/// One moderator or admin action: who, what, on what, why, and the state before and after (JSON). Written in the same
/// transaction as the action; never changed afterwards (on SQLite a trigger refuses UPDATE and DELETE).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";

    /// <summary>What was done, as "area.verb": "member.suspend", "case.publish", "post.hide".</summary>
    public string Action { get; set; } = "";
    public string TargetType { get; set; } = "";
    public string TargetId { get; set; } = "";
    public string? Reason { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset At { get; set; }
}
