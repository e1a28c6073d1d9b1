using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Contracts;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Support;

/// <summary>Resolving inbound senders as the ingestion path does: through the Contracts interface, one scope per message.</summary>
internal static class Senders
{
    public static InboundSender Email(string address, string? name = null, string? text = null, string? hint = null) =>
        new("email", address, BuiltInChannels.ApiChannelId, "email") { DisplayName = name, MessageText = text, LanguageHint = hint };

    public static InboundSender Telegram(string id, string? name = null, string? text = null, string? hint = null, string? avatar = null) =>
        new("messenger", id, BuiltInChannels.ApiChannelId, "telegram")
        {
            Messenger = "telegram", DisplayName = name, MessageText = text, LanguageHint = hint, AvatarUrl = avatar,
        };

    public static async Task<ResolvedSender> ResolveAsync(HostFixture host, InboundSender sender)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IClientSenderResolver>().ResolveAsync(sender);
    }
}
