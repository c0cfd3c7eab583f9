using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionProductGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProductGroups",
                table: "Sessions",
                type: "TEXT",
                maxLength: 1024,
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProductGroups",
                table: "Sessions");
        }
    }
}
