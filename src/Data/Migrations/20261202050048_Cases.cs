using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <inheritdoc />
    /// <summary>
    /// The case library, and its full-text index on SQLite: CaseSearch (FTS5, same tokenizer as thread search) holds
    /// the published cases only, kept in step by triggers. A later migration that rebuilds the Cases table drops these
    /// triggers and must create them again (<see cref="CaseSearchTriggers"/>).
    /// </summary>
    public partial class Cases : Migration
    {
        private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

        private const string CaseText =
            "new.Summary || ' ' || new.OrganisationName || ' ' || new.Need || ' ' || new.Approach || ' ' || new.Partners || ' ' || new.Challenges || ' ' || new.Lessons || ' ' || new.Replicability || ' ' || new.ReusableDocuments || ' ' || new.Differences || ' ' || new.Headline";

        public static readonly string[] CaseSearchTriggers =
        [
            $"""
            CREATE TRIGGER CaseSearch_Inserted AFTER INSERT ON Cases WHEN new.Status = 'Published'
            BEGIN
                INSERT INTO CaseSearch(rowid, title, body) VALUES (new.Id, new.Title, {CaseText});
            END;
            """,
            $"""
            CREATE TRIGGER CaseSearch_Updated AFTER UPDATE OF Title, Summary, OrganisationName, Need, Approach, Partners, Challenges, Lessons, Replicability, ReusableDocuments, Differences, Headline, Status ON Cases
            BEGIN
                DELETE FROM CaseSearch WHERE rowid = old.Id;
                INSERT INTO CaseSearch(rowid, title, body) SELECT new.Id, new.Title, {CaseText} WHERE new.Status = 'Published';
            END;
            """,
            """
            CREATE TRIGGER CaseSearch_Deleted AFTER DELETE ON Cases
            BEGIN
                DELETE FROM CaseSearch WHERE rowid = old.Id;
            END;
            """,
        ];
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CaseId",
                table: "Notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ProductGroup = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FrameworkSteps = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Goals = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Need = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Approach = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    MarketDialogue = table.Column<bool>(type: "INTEGER", nullable: false),
                    Procedure = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Lots = table.Column<int>(type: "INTEGER", nullable: true),
                    FrameworkAgreement = table.Column<bool>(type: "INTEGER", nullable: false),
                    ContractModel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Partners = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    ContractValue = table.Column<double>(type: "REAL", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    DurationMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    Challenges = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Lessons = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    ReusableDocuments = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Replicability = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Differences = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReplicatedFromId = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceReplicationId = table.Column<long>(type: "INTEGER", nullable: true),
                    DiscussionThreadId = table.Column<long>(type: "INTEGER", nullable: true),
                    CitedThreadIds = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Headline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    HasRealisedResults = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReplicationCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Criteria = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Cases_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cases_Cases_ReplicatedFromId",
                        column: x => x.ReplicatedFromId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CaseAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedById = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseAttachments_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseReviewEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReviewEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseReviewEvents_AspNetUsers_ActorId",
                        column: x => x.ActorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseReviewEvents_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Replications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    BuyerId = table.Column<string>(type: "TEXT", nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Goals = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedCaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    Criteria = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Replications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Replications_AspNetUsers_BuyerId",
                        column: x => x.BuyerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Replications_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseIndicators",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplicationId = table.Column<long>(type: "INTEGER", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Goal = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Baseline = table.Column<double>(type: "REAL", nullable: true),
                    Contracted = table.Column<double>(type: "REAL", nullable: true),
                    Realised = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseIndicators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseIndicators_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CaseIndicators_Replications_ReplicationId",
                        column: x => x.ReplicationId,
                        principalTable: "Replications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseAttachments_CaseId",
                table: "CaseAttachments",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseIndicators_CaseId",
                table: "CaseIndicators",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseIndicators_ReplicationId",
                table: "CaseIndicators",
                column: "ReplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviewEvents_ActorId",
                table: "CaseReviewEvents",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviewEvents_CaseId",
                table: "CaseReviewEvents",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OwnerId",
                table: "Cases",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ReplicatedFromId",
                table: "Cases",
                column: "ReplicatedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Status_ProductGroup",
                table: "Cases",
                columns: new[] { "Status", "ProductGroup" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Status_PublishedAt",
                table: "Cases",
                columns: new[] { "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Replications_BuyerId",
                table: "Replications",
                column: "BuyerId");

            migrationBuilder.CreateIndex(
                name: "IX_Replications_CaseId_BuyerId",
                table: "Replications",
                columns: new[] { "CaseId", "BuyerId" });

            if (migrationBuilder.ActiveProvider != Sqlite) return;
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE CaseSearch USING fts5(
                    title, body,
                    tokenize = 'unicode61 remove_diacritics 2',
                    prefix = '2 3'
                );
                """);
            migrationBuilder.Sql("INSERT INTO CaseSearch(CaseSearch, rank) VALUES('rank', 'bm25(4.0, 1.0)');");
            foreach (var trigger in CaseSearchTriggers)
            {
                migrationBuilder.Sql(trigger);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider == Sqlite)
            {
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS CaseSearch_Inserted;");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS CaseSearch_Updated;");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS CaseSearch_Deleted;");
                migrationBuilder.Sql("DROP TABLE IF EXISTS CaseSearch;");
            }

            migrationBuilder.DropTable(
                name: "CaseAttachments");

            migrationBuilder.DropTable(
                name: "CaseIndicators");

            migrationBuilder.DropTable(
                name: "CaseReviewEvents");

            migrationBuilder.DropTable(
                name: "Replications");

            migrationBuilder.DropTable(
                name: "Cases");

            migrationBuilder.DropColumn(
                name: "CaseId",
                table: "Notifications");
        }
    }
}
