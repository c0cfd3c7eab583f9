using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <inheritdoc />
    public partial class Sessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CalendarAttachment",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CalendarTokenHash",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SessionProposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Why = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RoomIds = table.Column<string>(type: "TEXT", nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProposedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: true),
                    VoteCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionProposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SessionSeries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Repeat = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionSeries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProposalVotes",
                columns: table => new
                {
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalVotes", x => new { x.ProposalId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_ProposalVotes_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProposalVotes_SessionProposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "SessionProposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartsAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    OnlineUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    SeatsPerOrganisation = table.Column<int>(type: "INTEGER", nullable: true),
                    ChathamHouse = table.Column<bool>(type: "INTEGER", nullable: false),
                    Registration = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RoomIds = table.Column<string>(type: "TEXT", nullable: false),
                    ProductGroups = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    PresenterIds = table.Column<string>(type: "TEXT", nullable: false),
                    InvitedIds = table.Column<string>(type: "TEXT", nullable: false),
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: true),
                    SeriesNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LiveItem = table.Column<int>(type: "INTEGER", nullable: true),
                    LiveNotes = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    LiveStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HeldAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Takeaways = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    OpenQuestions = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    HarvestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HarvestThreadIds = table.Column<string>(type: "TEXT", nullable: false),
                    HarvestRemindersSent = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    Agenda = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sessions_SessionSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "SessionSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SessionActionItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ThreadId = table.Column<long>(type: "INTEGER", nullable: false),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionActionItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionActionItems_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionAttendances",
                columns: table => new
                {
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CheckedInAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionAttendances", x => new { x.SessionId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_SessionAttendances_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionHands",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LoweredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionHands", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionHands_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionRegistrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindersSent = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionRegistrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionRegistrations_AspNetUsers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SessionRegistrations_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionSlots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    HostId = table.Column<string>(type: "TEXT", nullable: false),
                    StartsAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    BookedById = table.Column<string>(type: "TEXT", nullable: true),
                    BookedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionSlots_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_CalendarTokenHash",
                table: "AspNetUsers",
                column: "CalendarTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProposalVotes_MemberId",
                table: "ProposalVotes",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_SessionActionItems_OwnerId_DoneAt",
                table: "SessionActionItems",
                columns: new[] { "OwnerId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SessionActionItems_SessionId",
                table: "SessionActionItems",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_SessionHands_SessionId_LoweredAt_RaisedAt",
                table: "SessionHands",
                columns: new[] { "SessionId", "LoweredAt", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SessionProposals_Status_VoteCount",
                table: "SessionProposals",
                columns: new[] { "Status", "VoteCount" });

            migrationBuilder.CreateIndex(
                name: "IX_SessionRegistrations_MemberId",
                table: "SessionRegistrations",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_SessionRegistrations_SessionId_MemberId",
                table: "SessionRegistrations",
                columns: new[] { "SessionId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SessionRegistrations_SessionId_Status_QueuedAt",
                table: "SessionRegistrations",
                columns: new[] { "SessionId", "Status", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_SeriesId_SeriesNumber",
                table: "Sessions",
                columns: new[] { "SeriesId", "SeriesNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_StartsAtUtc",
                table: "Sessions",
                column: "StartsAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SessionSlots_SessionId_BookedById",
                table: "SessionSlots",
                columns: new[] { "SessionId", "BookedById" });

            migrationBuilder.CreateIndex(
                name: "IX_SessionSlots_SessionId_StartsAtUtc",
                table: "SessionSlots",
                columns: new[] { "SessionId", "StartsAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProposalVotes");

            migrationBuilder.DropTable(
                name: "SessionActionItems");

            migrationBuilder.DropTable(
                name: "SessionAttendances");

            migrationBuilder.DropTable(
                name: "SessionHands");

            migrationBuilder.DropTable(
                name: "SessionRegistrations");

            migrationBuilder.DropTable(
                name: "SessionSlots");

            migrationBuilder.DropTable(
                name: "SessionProposals");

            migrationBuilder.DropTable(
                name: "Sessions");

            migrationBuilder.DropTable(
                name: "SessionSeries");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_CalendarTokenHash",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "CalendarAttachment",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "CalendarTokenHash",
                table: "AspNetUsers");
        }
    }
}
