using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace ModularDesk.Clients.Avatars;

/// <summary>
/// The Gravatar URL of an email (C6): SHA-256 of the trimmed, lower-cased address, <c>d=404</c> so an address
/// without a Gravatar has no avatar rather than a generated one. <c>Clients:GravatarBaseUrl</c> overrides the base.
/// </summary>
internal sealed class Gravatar(IConfiguration configuration)
{
    public const string DefaultBaseUrl = "https://www.gravatar.com/avatar/";

    public string UrlFor(string email)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
        var baseUrl = configuration["Clients:GravatarBaseUrl"] is { Length: > 0 } configured ? configured : DefaultBaseUrl;
        return $"{baseUrl.TrimEnd('/')}/{hash}?d=404";
    }
}
