namespace ModularDesk.Testing;

/// <summary>The checkout the tests run from (the folder holding ModularDesk.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ModularDesk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ModularDesk.sln not found above " + AppContext.BaseDirectory);
    }
}
