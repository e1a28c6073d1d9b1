namespace ModularDesk.Channels.Inbox;

/// <summary>Sizes an inbound message may have; larger ones are refused at the edge with a 400 naming the field.</summary>
internal static class InboundLimits
{
    /// <summary>Whole request body of <c>POST /api/v1/inbound</c>: base64 attachments make it big.</summary>
    public const long RequestBodyBytes = 25 * 1024 * 1024;

    public const int ExternalMessageIdLength = 512;
    public const int AddressLength = 512;
    public const int NameLength = 256;
    public const int SubjectLength = 2000;
    public const int UrlLength = 2048;
    public const int ThreadIdLength = 1000;
    public const int References = 200;
    public const int Attachments = 100;
    public const int Headers = 500;
}
