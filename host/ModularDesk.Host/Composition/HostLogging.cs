using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ModularDesk.Host.Composition;

/// <summary>Structured logs: readable lines by default, compact JSON with <c>MODULARDESK_LOG_FORMAT=json</c>.</summary>
internal static class HostLogging
{
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        return string.Equals(configuration["MODULARDESK_LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase)
            ? logger.WriteTo.Console(new RenderedCompactJsonFormatter())
            : logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
    }
}
