using System.Security.Cryptography;
using System.Text;

namespace ModularDesk.Plugins.Telegram;

/// <summary>
/// Avatar URLs that never carry the bot token: <c>/channels/{id}/webhook/avatar/{fileId}?sig=…</c>, served by the
/// connector (it fetches the photo from Telegram). The signature (HMAC of the file id with a key derived from
/// the bot token) keeps the route from being an open proxy for arbitrary Telegram files.
/// </summary>
internal sealed class AvatarLinks(Guid channelId, string botToken, string? publicUrl)
{
    private readonly byte[] key = SHA256.HashData(Encoding.UTF8.GetBytes("modulardesk-telegram-avatar:" + botToken));

    public string For(string fileId) =>
        $"{publicUrl}/channels/{channelId}/webhook/avatar/{Uri.EscapeDataString(fileId)}?sig={Sign(fileId)}";

    public bool IsValid(string fileId, string? signature)
    {
        if (signature is null || signature.Length != 32)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(fileId));
    }

    private string Sign(string fileId) => Convert.ToHexStringLower(Mac(fileId));

    private byte[] Mac(string fileId) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(fileId))[..16];
}
