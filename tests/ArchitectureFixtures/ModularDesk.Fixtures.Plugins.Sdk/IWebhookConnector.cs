using Microsoft.AspNetCore.Http;

namespace ModularDesk.Fixtures.Plugins.Sdk;

/// <summary>Violation: connectors get ASP.NET Core's HttpContext instead of an SDK request object.</summary>
public interface IWebhookConnector
{
    Task HandleAsync(HttpContext context);
}
