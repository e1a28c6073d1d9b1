using System.Text.Json;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.Support;

internal static class TimelineWaits
{
    /// <summary>Waits until the client's timeline satisfies <paramref name="done"/> (History applies events asynchronously).</summary>
    public static Task<List<JsonElement>> TimelineWhenAsync(this HttpClient client, Guid clientId, Func<List<JsonElement>, bool> done, string what) =>
        Eventually.ReturnsAsync(() => client.TimelineAsync(clientId), done, TimeSpan.FromSeconds(30), what);
}
