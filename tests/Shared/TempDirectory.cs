namespace PracticeCommunity.Testing;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "practice-community-tests");
    private static readonly Lazy<bool> StaleRemoved = new(RemoveStale);

    public TempDirectory(string prefix)
    {
        _ = StaleRemoved.Value;
        Path = System.IO.Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => TryDelete(Path);

    /// <summary>Folders of earlier runs that were killed before cleaning up (other runs may be going on now: only old ones).</summary>
    private static bool RemoveStale()
    {
        if (Directory.Exists(Root))
        {
            foreach (var dir in Directory.EnumerateDirectories(Root))
            {
                if (Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddHours(-6))
                {
                    TryDelete(dir);
                }
            }
        }
        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (a SQLite handle) must not fail a test; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
