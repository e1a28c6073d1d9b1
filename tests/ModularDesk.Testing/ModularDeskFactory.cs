using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace ModularDesk.Testing;

/// <summary>The real host, in memory, on a test database, a temp data directory and a chosen plugins folder.</summary>
public sealed class ModularDeskFactory(
    IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure, Action<IHostBuilder>? configureHost = null)
    : WebApplicationFactory<Program>
{
    /// <summary>
    /// Container changes go here (<c>ConfigureContainer&lt;ContainerBuilder&gt;</c>): with minimal hosting the web host
    /// builder's <c>ConfigureTestContainer</c> is never applied, while the generic host's callbacks run after the host's own.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        configureHost?.Invoke(builder);
        return base.CreateHost(builder);
    }

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
