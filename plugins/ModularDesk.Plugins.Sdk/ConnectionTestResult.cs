namespace ModularDesk.Plugins.Sdk;

/// <summary>The answer to <see cref="IChannelConnector.TestConnectionAsync"/>.</summary>
/// <param name="Ok">Whether the connector could reach and use the service with the current settings.</param>
/// <param name="Reason">What happened, in words an admin can act on ("Logged in as support@acme.pl",
/// "IMAP login failed: wrong password"). Never include secrets.</param>
public sealed record ConnectionTestResult(bool Ok, string Reason)
{
    /// <summary>A working connection.</summary>
    /// <param name="reason">What was checked, e.g. the account the connector logged in as.</param>
    /// <returns>A successful result.</returns>
    public static ConnectionTestResult Success(string reason) => new(true, reason);

    /// <summary>A connection that does not work.</summary>
    /// <param name="reason">Why, in words an admin can act on.</param>
    /// <returns>A failed result.</returns>
    public static ConnectionTestResult Failure(string reason) => new(false, reason);
}
