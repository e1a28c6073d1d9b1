using System.Security.Cryptography;

namespace ModularDesk.History.Projection;

/// <summary>Ids for entries one event makes more than one of (an unmerge shows on both cards): stable per event and card.</summary>
internal static class EntryIds
{
    public static Guid Derive(Guid eventId, string discriminator)
    {
        Span<byte> input = stackalloc byte[16 + (discriminator.Length * 3)];
        eventId.TryWriteBytes(input);
        var length = 16 + System.Text.Encoding.UTF8.GetBytes(discriminator, input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: application-defined
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16]);
    }
}
