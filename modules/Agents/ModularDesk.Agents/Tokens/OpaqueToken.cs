using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ModularDesk.Agents.Tokens;

/// <summary>
/// Bearer tokens are 32 random bytes, base64url, prefixed <c>mdk_</c> so secret scanners can spot a leaked one.
/// They carry no meaning; the server looks up their SHA-256.
/// </summary>
internal static class OpaqueToken
{
    public const string Prefix = "mdk_";

    public static string Create() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
