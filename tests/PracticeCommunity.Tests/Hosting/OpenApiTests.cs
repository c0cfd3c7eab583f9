using System.Diagnostics;
using System.Text.Json;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Hosting;

/// <summary>
/// Issue 6: a document clients can generate from. Every operation has a summary, a success response, problem
/// responses and security; and the Redocly CLI (npm, installed by the test command) finds no error with its
/// recommended rules.
/// </summary>
public sealed class OpenApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private async Task<(string Text, JsonElement Root)> DocumentAsync()
    {
        using var client = fixture.App.Anonymous();
        var text = await client.GetStringAsync("/openapi/v1.json");
        return (text, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement root) =>
        root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(m => ($"{m.Name.ToUpperInvariant()} {path.Name}", m.Value)));

    [Fact]
    public async Task Every_operation_has_a_summary_a_success_and_problem_responses_and_security()
    {
        var (_, root) = await DocumentAsync();
        Assert.True(root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out var bearer));
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());

        var operations = Operations(root).ToList();
        Assert.True(operations.Count >= 25, $"only {operations.Count} operations documented");
        var problems = new List<string>();
        foreach (var (name, operation) in operations)
        {
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()) || summary.GetString() == name)
                problems.Add($"{name}: no summary");
            var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            if (!statuses.Any(s => s.StartsWith('2'))) problems.Add($"{name}: no success response");
            if (!statuses.Any(s => s.StartsWith('4'))) problems.Add($"{name}: no 4xx response");
            if (!operation.TryGetProperty("security", out _)) problems.Add($"{name}: no security");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The API's own JSON answers name their schema.
        var getThread = Operations(root).Single(o => o.Name == "GET /api/v1/threads/{threadId}").Operation;
        Assert.True(getThread.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task Redocly_lint_with_the_recommended_rules_finds_no_error()
    {
        var (text, _) = await DocumentAsync();
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text);
        try
        {
            var redocly = RepositoryRoot.Combine("node_modules", ".bin", "redocly");
            Assert.True(File.Exists(redocly), $"{redocly} is missing: run `npm ci` (bash tests/run-all.sh does).");
            var start = new ProcessStartInfo(redocly) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "lint", file, "--format=stylish" }) start.ArgumentList.Add(a);
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var all = await output + await errors;
            Assert.True(process.ExitCode == 0, all);
            Assert.DoesNotContain(" error ", all, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
