using System.Diagnostics;

namespace ModularDesk.EmbeddedPostgres;

/// <summary>Runs PostgreSQL's command-line programs, as another OS user when one is given.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(
        string program, IReadOnlyList<string> arguments, string? runAsUser, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is null)
        {
            start.FileName = program;
        }
        else
        {
            start.FileName = "runuser";
            foreach (var prefix in new[] { "-u", runAsUser, "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Programs run as another user must not inherit a working directory it cannot enter.
        start.WorkingDirectory = "/";
        start.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(start) ?? throw new EmbeddedPostgresException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output + await error).Trim();
        if (process.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {text}");
        }

        return text;
    }
}
