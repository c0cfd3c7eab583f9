using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Postgres.Migrations
{
    /// <summary>
    /// What SQLite's migrations do in SQL of their own, done the PostgreSQL way: the audit log refuses updates and
    /// deletes (as the Moderation migration's triggers do on SQLite), and full-text search.
    /// Full-text search on PostgreSQL, the counterpart of SQLite's FTS5 tables (SearchIndex and Cases migrations), with
    /// the same rules: only visible posts and published cases are indexed, kept in step by triggers so that no service
    /// has to remember to index; the title is indexed on the opening post only; which rooms a viewer may search is
    /// decided at query time. Words are matched as written, without stemming and without accents ("reemploi" finds
    /// "réemploi"), like FTS5's unicode61 tokenizer with remove_diacritics: the <c>community_search</c> configuration is
    /// <c>simple</c> with <c>unaccent</c> in front. A title word weighs 'A' and a body word 'B'; the queries rank with
    /// weights that make a title word count four times a body word, as bm25(4.0, 1.0) does on SQLite.
    /// </summary>
    public partial class ProviderRules : Migration
    {
        // PostgreSQL's parser keeps "ademe.fr", "3.5" or an address as one token where FTS5's unicode61 splits them
        // into words; so does the query side (SearchSyntax). Everything but letters and digits becomes a space first.
        private const string PostDocument =
            """setweight(to_tsvector('community_search', regexp_replace(p_title, '[^[:alnum:]]+', ' ', 'g')), 'A') || setweight(to_tsvector('community_search', regexp_replace(p_body, '[^[:alnum:]]+', ' ', 'g')), 'B')""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'The audit log cannot be changed.';
                END $$;
                CREATE TRIGGER "AuditEntries_AppendOnly" BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                """);

            // unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");
            migrationBuilder.Sql("""
                CREATE TEXT SEARCH CONFIGURATION community_search (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION community_search ALTER MAPPING FOR hword, hword_part, word, numword, numhword, hword_numpart WITH unaccent, simple;
                """);
            migrationBuilder.Sql($"""
                CREATE FUNCTION community_search_document(p_title text, p_body text) RETURNS tsvector
                LANGUAGE sql STABLE AS $$ SELECT {PostDocument} $$;
                """);

            migrationBuilder.Sql("""
                CREATE TABLE "PostSearch" (
                    "PostId" bigint PRIMARY KEY,
                    "Title" text NOT NULL,
                    "Body" text NOT NULL,
                    "Document" tsvector NOT NULL
                );
                CREATE INDEX "IX_PostSearch_Document" ON "PostSearch" USING GIN ("Document");
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION post_search_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        DELETE FROM "PostSearch" WHERE "PostId" = OLD."Id";
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    INSERT INTO "PostSearch" ("PostId", "Title", "Body", "Document")
                    SELECT NEW."Id", x.title, NEW."BodyText", community_search_document(x.title, NEW."BodyText")
                    FROM "Threads" t
                    CROSS JOIN LATERAL (SELECT CASE WHEN NEW."IsOpening" THEN t."Title" ELSE '' END AS title) x
                    WHERE t."Id" = NEW."ThreadId" AND t."DeletedAt" IS NULL AND NEW."DeletedAt" IS NULL AND NEW."HiddenAt" IS NULL;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER "PostSearch_PostChanged"
                    AFTER INSERT OR DELETE OR UPDATE OF "BodyText", "DeletedAt", "HiddenAt", "IsOpening", "ThreadId" ON "Posts"
                    FOR EACH ROW EXECUTE FUNCTION post_search_post_changed();
                """);
            // A new title re-indexes the opening post; deleting or restoring the thread re-indexes all its posts.
            migrationBuilder.Sql("""
                CREATE FUNCTION post_search_thread_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    everything boolean := (OLD."DeletedAt" IS NULL) <> (NEW."DeletedAt" IS NULL);
                BEGIN
                    IF OLD."Title" IS NOT DISTINCT FROM NEW."Title" AND NOT everything THEN
                        RETURN NEW;
                    END IF;
                    DELETE FROM "PostSearch" WHERE "PostId" IN (
                        SELECT p."Id" FROM "Posts" p WHERE p."ThreadId" = NEW."Id" AND (p."IsOpening" OR everything));
                    INSERT INTO "PostSearch" ("PostId", "Title", "Body", "Document")
                    SELECT p."Id", x.title, p."BodyText", community_search_document(x.title, p."BodyText")
                    FROM "Posts" p
                    CROSS JOIN LATERAL (SELECT CASE WHEN p."IsOpening" THEN NEW."Title" ELSE '' END AS title) x
                    WHERE p."ThreadId" = NEW."Id" AND (p."IsOpening" OR everything)
                      AND NEW."DeletedAt" IS NULL AND p."DeletedAt" IS NULL AND p."HiddenAt" IS NULL;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER "PostSearch_ThreadChanged" AFTER UPDATE OF "Title", "DeletedAt" ON "Threads"
                    FOR EACH ROW EXECUTE FUNCTION post_search_thread_changed();
                """);

            migrationBuilder.Sql("""
                CREATE TABLE "CaseSearch" (
                    "CaseId" bigint PRIMARY KEY,
                    "Document" tsvector NOT NULL
                );
                CREATE INDEX "IX_CaseSearch_Document" ON "CaseSearch" USING GIN ("Document");
                CREATE FUNCTION case_search_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        DELETE FROM "CaseSearch" WHERE "CaseId" = OLD."Id";
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    IF NEW."Status" = 'Published' THEN
                        INSERT INTO "CaseSearch" ("CaseId", "Document")
                        VALUES (NEW."Id", community_search_document(NEW."Title", concat_ws(' ', NEW."Summary", NEW."OrganisationName", NEW."Need",
                            NEW."Approach", NEW."Partners", NEW."Challenges", NEW."Lessons", NEW."Replicability", NEW."ReusableDocuments",
                            NEW."Differences", NEW."Headline")));
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER "CaseSearch_CaseChanged"
                    AFTER INSERT OR DELETE OR UPDATE OF "Title", "Summary", "OrganisationName", "Need", "Approach", "Partners", "Challenges",
                        "Lessons", "Replicability", "ReusableDocuments", "Differences", "Headline", "Status" ON "Cases"
                    FOR EACH ROW EXECUTE FUNCTION case_search_case_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "CaseSearch_CaseChanged" ON "Cases";
                DROP FUNCTION IF EXISTS case_search_case_changed();
                DROP TABLE IF EXISTS "CaseSearch";
                DROP TRIGGER IF EXISTS "PostSearch_ThreadChanged" ON "Threads";
                DROP FUNCTION IF EXISTS post_search_thread_changed();
                DROP TRIGGER IF EXISTS "PostSearch_PostChanged" ON "Posts";
                DROP FUNCTION IF EXISTS post_search_post_changed();
                DROP TABLE IF EXISTS "PostSearch";
                DROP FUNCTION IF EXISTS community_search_document(text, text);
                DROP TEXT SEARCH CONFIGURATION IF EXISTS community_search;
                DROP TRIGGER IF EXISTS "AuditEntries_AppendOnly" ON "AuditEntries";
                DROP FUNCTION IF EXISTS audit_entries_append_only();
                """);
        }
    }
}
