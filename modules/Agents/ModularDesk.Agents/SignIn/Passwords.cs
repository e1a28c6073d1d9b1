using Microsoft.AspNetCore.Identity;
using ModularDesk.Agents.Staff;

namespace ModularDesk.Agents.SignIn;

/// <summary>ASP.NET Core Identity's PBKDF2 hashing; the hash records its own parameters, so they can be raised later.</summary>
internal sealed class Passwords
{
    private readonly PasswordHasher<Agent> hasher = new();
    private readonly Lazy<string> decoy;

    public Passwords()
    {
        decoy = new Lazy<string>(() => hasher.HashPassword(null!, Convert.ToBase64String(Guid.NewGuid().ToByteArray())));
    }

    public string Hash(string password) => hasher.HashPassword(null!, password);

    /// <summary>Null when wrong; otherwise whether the stored hash should be replaced by a stronger one.</summary>
    public PasswordCheck Verify(string hash, string password) =>
        hasher.VerifyHashedPassword(null!, hash, password) switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Correct,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.CorrectButRehash,
            _ => PasswordCheck.Wrong,
        };

    /// <summary>For an unknown email: spends the same time as a real check, so timing does not reveal who has an account.</summary>
    public void VerifyAgainstDecoy(string password) => hasher.VerifyHashedPassword(null!, decoy.Value, password);
}
