using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <inheritdoc />
    public partial class Email : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccessStamp",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "OutboxMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailedAt",
                table: "OutboxMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MemberId",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MessageId",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "UniqueKey",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnsubscribeTopics",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailState",
                table: "Notifications",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "AppOnly");

            migrationBuilder.AddColumn<long>(
                name: "EmailedAt",
                table: "Notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EmailSettings",
                columns: table => new
                {
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DigestHour = table.Column<int>(type: "INTEGER", nullable: false),
                    DigestWeekday = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Replies = table.Column<bool>(type: "INTEGER", nullable: false),
                    Answers = table.Column<bool>(type: "INTEGER", nullable: false),
                    Mentions = table.Column<bool>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<bool>(type: "INTEGER", nullable: false),
                    ActionItems = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sessions = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastDigestSlot = table.Column<long>(type: "INTEGER", nullable: true),
                    DigestCoveredUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailSettings", x => x.MemberId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_FailedAt_SentAt_Id",
                table: "OutboxMessages",
                columns: new[] { "FailedAt", "SentAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_UniqueKey",
                table: "OutboxMessages",
                column: "UniqueKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EmailState_CreatedAt",
                table: "Notifications",
                columns: new[] { "EmailState", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_MemberId_EmailedAt",
                table: "Notifications",
                columns: new[] { "MemberId", "EmailedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailSettings");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_FailedAt_SentAt_Id",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_UniqueKey",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_EmailState_CreatedAt",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_MemberId_EmailedAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "AccessStamp",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "FailedAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "MemberId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "MessageId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "UniqueKey",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "UnsubscribeTopics",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "EmailState",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailedAt",
                table: "Notifications");
        }
    }
}
