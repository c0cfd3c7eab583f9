namespace PracticeCommunity.Testing;

/// <summary>The repository root: the folder that holds PracticeCommunity.sln, found by walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PracticeCommunity.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No PracticeCommunity.sln above {AppContext.BaseDirectory}: the tests must run from a clone of the repository.");
    }
}
