namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>What the host's inbox accepts (Channels' inbound limits); the parser cuts to these instead of failing.</summary>
internal static class Limits
{
    public const int ExternalMessageId = 512;
    public const int Address = 512;
    public const int Name = 256;
    public const int Subject = 2000;
    public const int ThreadId = 1000;
    public const int References = 200;
    public const int Attachments = 100;
    public const int HeaderNames = 400;
    public const int HeaderValue = 4000;
    public const int LanguageHint = 35;

    /// <summary>RFC 5322's limit for one line of a message (without CRLF).</summary>
    public const int LineLength = 998;
}
