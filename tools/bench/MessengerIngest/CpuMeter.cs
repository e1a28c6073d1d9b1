using System.Globalization;

/// <summary>
/// CPU seconds (user + system, from /proc) spent by the host process and by the PostgreSQL cluster listening on a
/// port (postmaster and its backends). The machine is shared, so wall-clock rates depend on everyone else's load;
/// CPU per message does not, and gives the rate two idle cores would reach.
/// </summary>
internal sealed class CpuMeter(int hostProcessId, int postgresPort)
{
    public double Seconds() => HostSeconds() + PostgresSeconds();

    public double HostSeconds() => Ticks(hostProcessId) / 100.0;

    public double PostgresSeconds()
    {
        var postmaster = FindPostmaster();
        long total = 0;
        if (postmaster is { } pm)
        {
            // The postmaster's own time plus that of its children that have exited (cutime/cstime): a backend whose
            // connection closed during the measurement would otherwise take its CPU time with it.
            total += Ticks(pm) + ExitedChildrenTicks(pm);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) == pm)
                {
                    total += Ticks(pid);
                }
            }
        }

        return total / 100.0;
    }

    private int? FindPostmaster()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains("bin/postgres ", StringComparison.Ordinal) && cmdline.Contains($"-p {postgresPort} ", StringComparison.Ordinal))
                {
                    return int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Fields after "(comm) ": [0]=state [1]=ppid … [11]=utime [12]=stime [13]=cutime [14]=cstime.
    private static int? ParentOf(int pid) => Stat(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : null;

    private static long ExitedChildrenTicks(int pid) =>
        Stat(pid) is { } f ? long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : 0;

    private static long Ticks(int pid) =>
        Stat(pid) is { } f ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture) : 0;
}

internal static class CpuMeterExtensions
{
    public static (double Host, double Postgres) Snapshot(this CpuMeter meter) => (meter.HostSeconds(), meter.PostgresSeconds());

    public static (double Host, double Postgres) Since(this CpuMeter meter, (double Host, double Postgres) start)
    {
        var now = meter.Snapshot();
        return (now.Host - start.Host, now.Postgres - start.Postgres);
    }
}
