using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PracticeCommunity.Data;

public static class DataExtensions
{
    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddDbContextFactory<AppDbContext, Postgres.ProviderDbContextFactory>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var configured = builder.Configuration.GetConnectionString("Default");
            options.AddInterceptors(new MemberJoinDate(sp.GetRequiredService<TimeProvider>()));
            switch (db.Provider)
            {
                case DatabaseProvider.Sqlite:
                    options.UseSqlite(SqliteConnectionString(configured, db, builder.Environment.ContentRootPath))
                        .AddInterceptors(new SqlitePragmas());
                    break;
                case DatabaseProvider.Postgres:
                    if (string.IsNullOrWhiteSpace(configured))
                    {
                        throw new OptionsValidationException(nameof(DatabaseOptions), typeof(DatabaseOptions),
                            ["Database:Provider is Postgres, so ConnectionStrings:Default must be set."]);
                    }
                    options.UseNpgsql(configured).AddInterceptors(new Postgres.NulSafeParameters());
                    break;
            }
        });

        if (builder.Configuration.GetValue<DatabaseProvider>($"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}") == DatabaseProvider.Postgres)
        {
            // For `dotnet ef --context PostgresDbContext`, which looks for the context type among the services.
            builder.Services.AddScoped(sp => (Postgres.PostgresDbContext)sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        }

        // One key ring for every instance, in the database; the application name (not the content root, which
        // differs between servers) isolates it from other apps.
        builder.Services.AddDataProtection()
            .SetApplicationName("PracticeCommunity")
            .PersistKeysToDbContext<AppDbContext>();

        // First of the start-up tasks, so that the database is migrated before anything reads it: Data Protection's
        // own start-up task loads the key ring from it.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer>());
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return builder;
    }

    internal static string SqliteConnectionString(string? configured, DatabaseOptions db, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(configured ?? $"Data Source={db.SqliteFile}");
        if (csb.DataSource != ":memory:" && !Path.IsPathRooted(csb.DataSource))
        {
            csb.DataSource = Path.Combine(contentRoot, csb.DataSource);
        }
        if (csb.DataSource != ":memory:")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }
        // Writers wait for each other instead of failing with "database is locked".
        csb.DefaultTimeout = 30;
        return csb.ToString();
    }
}
