using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PracticeCommunity.Testing;

/// <summary>
/// The real app on a temporary SQLite file (or its own PostgreSQL database: <see cref="TestDatabase"/>), sending email
/// over SMTP to the shared maildev. Each factory has its own database unless <see cref="CommunityAppOptions.DatabaseFile"/>
/// points at another's.
/// With <see cref="CommunityAppOptions.Kestrel"/> it listens on a real socket on 127.0.0.1 (for the browser).
/// </summary>
public sealed class CommunityAppFactory : WebApplicationFactory<Program>
{
    /// <summary>Email domain on Members:PublicBodyDomains in every test app: its members are granted Buyer at once.</summary>
    public const string PublicBodyDomain = "gent.be";

    private readonly TempDirectory _directory = new("app");
    private readonly CommunityAppOptions _options;
    private readonly string? _postgresDatabase;

    public CommunityAppFactory(MailCatcher mail, CommunityAppOptions? options = null)
    {
        Mail = mail;
        _options = options ?? new CommunityAppOptions();
        DatabaseFile = _options.DatabaseFile ?? _directory.Combine("test.db");
        Postgres = _options.Postgres ?? TestDatabase.IsPostgres;
        if (Postgres)
        {
            _postgresDatabase = TestDatabase.NameFor(DatabaseFile);
            ConnectionString = TestDatabase.CreatePostgres(_postgresDatabase);
        }
        else
        {
            ConnectionString = $"Data Source={DatabaseFile}";
        }
        if (_options.Kestrel)
        {
            UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        }
    }

    public MailCatcher Mail { get; }

    public string DatabaseFile { get; }

    public string ConnectionString { get; }

    /// <summary>Whether this app runs on PostgreSQL (the test run's choice, or <see cref="CommunityAppOptions.Postgres"/>).</summary>
    public bool Postgres { get; }

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Default"] = ConnectionString,
        ["Database:Provider"] = Postgres ? "Postgres" : "Sqlite",
        ["Smtp:Host"] = MailCatcher.Host,
        ["Smtp:Port"] = Mail.SmtpPort.ToString(),
        ["Smtp:Security"] = "None",
        ["Smtp:PickupDirectory"] = _directory.Combine("mail"),
        ["Cases:FilesDirectory"] = _directory.Combine("case-files"),
        ["Members:PublicBodyDomains:0"] = PublicBodyDomain,
        // Tests share one address (loopback) and register many members a minute: limits are off unless a test
        // about limits turns them on (CommunityAppOptions.Settings: RateLimits:Enabled = true).
        ["RateLimits:Enabled"] = "false",
        // Outside Development the app refuses to start without a public URL for email links.
        ["App:PublicBaseUrl"] = _options.Environment == "Development" ? "" : "http://localhost",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };

    /// <summary>The server's own address: a real socket with <see cref="CommunityAppOptions.Kestrel"/>, else the in-memory test server's.</summary>
    public Uri ServerAddress
    {
        get
        {
            if (!_options.Kestrel)
            {
                return Server.BaseAddress;
            }
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                ?? throw new InvalidOperationException("Kestrel reports no addresses.");
            return new Uri(addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_options.Environment);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in _options.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Pooled SQLite connections keep the file open; close them before the folder goes.
        SqliteConnection.ClearAllPools();
        // A database shared through DatabaseFile outlives this app (another app opens it next); the server is thrown away.
        if (_postgresDatabase is not null && _options.DatabaseFile is null) TestDatabase.DropPostgres(_postgresDatabase);
        _directory.Dispose();
    }
}

public sealed record CommunityAppOptions
{
    /// <summary>"Testing" by default: production-like error handling; the browser tests use what `dotnet run` uses.</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>A database file the test owns (and deletes), for example to start a second app on the same data.</summary>
    public string? DatabaseFile { get; init; }

    /// <summary>Settings on top of (and overriding) the factory's own.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Listen on a real socket on 127.0.0.1 with a free port (for Playwright).</summary>
    public bool Kestrel { get; init; }

    /// <summary>PostgreSQL (true) or SQLite (false) whatever the test run's choice; null follows <see cref="TestDatabase"/>.</summary>
    public bool? Postgres { get; init; }
}
