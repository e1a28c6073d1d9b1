using System.Net;

namespace ModularDesk.Plugins.Sdk;

/// <summary>One live visitor connection, reduced to text frames in both directions.</summary>
public interface IRealtimeSession
{
    /// <summary>A host-assigned id, unique while the session lives; use it in logs.</summary>
    string SessionId { get; }

    /// <summary>The page's origin (<c>Origin</c> header), for checking against allowed origins.</summary>
    string? Origin { get; }

    /// <summary>The visitor's address when known.</summary>
    IPAddress? RemoteIpAddress { get; }

    /// <summary>The query string of the connection request (e.g. a widget key), first value per name.</summary>
    IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Waits for the next text frame from the visitor.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The frame's text, or <see langword="null"/> once the visitor closed the connection.</returns>
    Task<string?> ReceiveTextAsync(CancellationToken cancellationToken);

    /// <summary>Sends a text frame to the visitor (e.g. JSON of an agent's reply).</summary>
    /// <param name="text">The frame's text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the frame was handed to the network.</returns>
    Task SendTextAsync(string text, CancellationToken cancellationToken);

    /// <summary>Closes the connection from the server side.</summary>
    /// <param name="reason">A short reason sent with the close frame, e.g. "origin not allowed".</param>
    /// <param name="cancellationToken">Cancels the close handshake.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    Task CloseAsync(string? reason, CancellationToken cancellationToken);
}
