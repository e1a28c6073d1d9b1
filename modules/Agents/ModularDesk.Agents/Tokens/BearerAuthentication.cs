namespace ModularDesk.Agents.Tokens;

internal static class BearerAuthentication
{
    public const string Scheme = "Bearer";

    /// <summary>The access token a request was authenticated with, so sign-out can revoke exactly that one.</summary>
    public const string TokenIdClaim = "modulardesk:token_id";
}
