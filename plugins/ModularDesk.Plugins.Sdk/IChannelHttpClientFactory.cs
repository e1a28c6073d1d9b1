namespace ModularDesk.Plugins.Sdk;

/// <summary>Gives connectors host-managed <see cref="HttpClient"/>s (pooled connections, sane timeouts).</summary>
public interface IChannelHttpClientFactory
{
    /// <summary>Creates a client. Do not dispose its handler yourself; disposing the client is fine.</summary>
    /// <param name="name">A name for logs and configuration, e.g. <c>telegram</c>.</param>
    /// <returns>A client with no base address set.</returns>
    HttpClient CreateClient(string name);
}
