namespace ModularDesk.Plugins.Sdk;

/// <summary>A file sent with an outbound message.</summary>
/// <param name="Name">The file name shown to the recipient.</param>
/// <param name="ContentType">The MIME type, e.g. <c>application/pdf</c>.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record OutboundAttachment(string Name, string ContentType, ReadOnlyMemory<byte> Content);
