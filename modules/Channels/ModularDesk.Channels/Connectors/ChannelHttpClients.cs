using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Connectors;

/// <summary>The SDK's <see cref="IChannelHttpClientFactory"/> on the host's pooled <see cref="IHttpClientFactory"/>.</summary>
internal sealed class ChannelHttpClients(IHttpClientFactory factory, string pluginId) : IChannelHttpClientFactory
{
    public HttpClient CreateClient(string name) => factory.CreateClient($"channels.{pluginId}.{name}");
}
