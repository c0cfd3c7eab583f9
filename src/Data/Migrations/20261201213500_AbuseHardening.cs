using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <inheritdoc />
    public partial class AbuseHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "other");

            migrationBuilder.AddColumn<string>(
                name: "EmailDomain",
                table: "Organisations",
                type: "TEXT",
                maxLength: 253,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NormalizedDisplayName",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_To_Kind_CreatedAt",
                table: "OutboxMessages",
                columns: new[] { "To", "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedDisplayName",
                table: "AspNetUsers",
                column: "NormalizedDisplayName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_To_Kind_CreatedAt",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_NormalizedDisplayName",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "EmailDomain",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "NormalizedDisplayName",
                table: "AspNetUsers");
        }
    }
}
