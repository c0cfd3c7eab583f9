using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionSeries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SeriesId",
                table: "Sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SeriesNumber",
                table: "Sessions",
                type: "INTEGER",
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_SeriesId_SeriesNumber",
                table: "Sessions",
                columns: new[] { "SeriesId", "SeriesNumber" });

            migrationBuilder.AddForeignKey(
                name: "FK_Sessions_SessionSeries_SeriesId",
                table: "Sessions",
                column: "SeriesId",
                principalTable: "SessionSeries",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Sessions_SessionSeries_SeriesId",
                table: "Sessions");

            migrationBuilder.DropTable(
                name: "SessionSeries");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_SeriesId_SeriesNumber",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "SeriesId",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "SeriesNumber",
                table: "Sessions");
        }
    }
}
