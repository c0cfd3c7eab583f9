using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <summary>
    /// Posts keep their words without Markdown syntax (BodyText); search indexes those, so snippets read as text.
    /// Existing posts start from their Markdown; new and edited posts get the plain text from the app.
    /// </summary>
    public partial class PostPlainText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BodyText",
                table: "Posts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
            if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite") return;
            migrationBuilder.Sql("UPDATE Posts SET BodyText = BodyMarkdown;");
            SearchIndex.Reindex(migrationBuilder, "BodyText");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BodyText",
                table: "Posts");
            // After the column is gone: dropping it may rebuild the Posts table, which drops its triggers.
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
            {
                SearchIndex.Reindex(migrationBuilder, "BodyMarkdown");
            }
        }
    }
}
