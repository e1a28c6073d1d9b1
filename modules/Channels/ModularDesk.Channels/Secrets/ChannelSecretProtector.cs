using Microsoft.AspNetCore.DataProtection;

namespace ModularDesk.Channels.Secrets;

/// <summary>
/// Encrypts channel secrets at rest with the desk's Data Protection key ring (kept in
/// <c>channels.data_protection_keys</c>, shared by every host). The purpose string isolates these
/// ciphertexts from anything else the host protects.
/// </summary>
internal sealed class ChannelSecretProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "ModularDesk.Channels.Secrets";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => protector.Protect(plaintext);

    public string Unprotect(string ciphertext) => protector.Unprotect(ciphertext);
}
