namespace PracticeCommunity.Features.Live;

/// <summary>
/// This server among the app's instances. It marks the events this server sends so that it can ignore their echo,
/// and it names this server's share of the presence lists. It is new at every start: a restarted server is another
/// instance, and the share of the one that stopped expires on the others.
/// </summary>
public sealed class ServerInstance
{
    public string Id { get; } = $"{HostPart(Environment.MachineName)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The machine name helps whoever reads Redis' client list; only characters Redis accepts in a client name.</summary>
    private static string HostPart(string machineName)
    {
        var safe = new string(machineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-').Take(40).ToArray());
        return safe.Length > 0 ? safe : "server";
    }
}
