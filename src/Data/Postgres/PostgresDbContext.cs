using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PracticeCommunity.Data.Postgres;

/// <summary>
/// The same model as <see cref="AppDbContext"/> on PostgreSQL. A type of its own only so that EF Core keeps a second
/// migrations set (src/Data/Postgres/Migrations) beside SQLite's: migrations belong to a context type.
/// Add one with the app's own settings, so that the model is built exactly as the app builds it (no server needed):
/// <c>Database__Provider=Postgres ConnectionStrings__Default=Host=localhost dotnet ef migrations add Name --context PostgresDbContext -o src/Data/Postgres/Migrations</c>
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<AppDbContext> options) : AppDbContext(options);

/// <summary>Hands out the context of the configured provider; every service asks for <see cref="AppDbContext"/>.</summary>
internal sealed class ProviderDbContextFactory(DbContextOptions<AppDbContext> options, IOptions<DatabaseOptions> database) : IDbContextFactory<AppDbContext>
{
    private readonly bool _postgres = database.Value.Provider == DatabaseProvider.Postgres;

    public AppDbContext CreateDbContext() => _postgres ? new PostgresDbContext(options) : new AppDbContext(options);
}
