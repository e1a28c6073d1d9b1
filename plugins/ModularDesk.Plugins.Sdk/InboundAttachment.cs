namespace ModularDesk.Plugins.Sdk;

/// <summary>A file that came with an inbound message.</summary>
/// <param name="Name">The file name as sent (the host makes it safe before storing).</param>
/// <param name="ContentType">The MIME type as sent, e.g. <c>image/jpeg</c>.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record InboundAttachment(string Name, string ContentType, ReadOnlyMemory<byte> Content);
