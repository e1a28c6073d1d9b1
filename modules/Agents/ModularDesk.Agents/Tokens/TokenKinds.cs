namespace ModularDesk.Agents.Tokens;

internal static class TokenKinds
{
    public const string Session = "session";
    public const string Api = "api";
}
