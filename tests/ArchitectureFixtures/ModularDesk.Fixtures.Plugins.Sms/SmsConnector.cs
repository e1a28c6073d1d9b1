using Microsoft.AspNetCore.Http;
using ModularDesk.Fixtures.Clients;
using ModularDesk.Fixtures.Plugins.Sdk;

namespace ModularDesk.Fixtures.Plugins.Sms;

/// <summary>Violation: builds a module's ClientCard itself instead of handing an SDK message to the host.</summary>
public sealed class SmsConnector : IWebhookConnector
{
    public ClientCard? LastSender { get; private set; }

    public Task HandleAsync(HttpContext context)
    {
        LastSender = new ClientCard { Id = Guid.NewGuid(), DisplayName = context.Request.Query["from"].ToString() };
        return Task.CompletedTask;
    }
}
