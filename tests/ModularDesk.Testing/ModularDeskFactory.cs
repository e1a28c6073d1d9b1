using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ModularDesk.Testing;

/// <summary>The real host, in memory, on a test database, a temp data directory and a chosen plugins folder.</summary>
public sealed class ModularDeskFactory(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        configure?.Invoke(builder);
    }
}
