using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PracticeCommunity.Data.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000, and Npgsql refuses such a parameter with an exception, where SQLite simply finds
/// nothing. Every form and endpoint refuses control characters in what it stores; this covers what is only looked up
/// (a slug, an email, a tag from a URL such as <c>?roomId=%00</c>): the character becomes U+FFFD, which matches
/// nothing either, so hostile input gets the same "not found" on both providers instead of a server error.
/// </summary>
internal sealed class NulSafeParameters : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    private static void Clean(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            if (parameter.Value is string text && text.Contains('\0'))
            {
                parameter.Value = text.Replace('\0', '\uFFFD');
            }
        }
    }
}
