using System.Net.Mail;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Agents.Staff;

/// <summary>What makes an agent's fields acceptable, shared by creation, editing and the first admin.</summary>
internal static class AgentRules
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 320;
    public const int MinPasswordLength = 10;

    /// <summary>Sign-in matches on this form, so "Ann@Desk.test " and "ann@desk.test" are one agent.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsEmail(string email) =>
        email.Length <= MaxEmailLength
        && !email.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(email, out var parsed)
        && string.Equals(parsed.Address, email, StringComparison.OrdinalIgnoreCase);

    public static ValidationErrors Email(this ValidationErrors errors, string field, string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return errors.Add(field, "Required.");
        }

        return IsEmail(NormalizeEmail(email)) ? errors : errors.Add(field, "Not an email address.");
    }

    public static ValidationErrors Password(this ValidationErrors errors, string field, string? password)
    {
        if (password is null || password.Length < MinPasswordLength)
        {
            errors.Add(field, $"At least {MinPasswordLength} characters.");
        }
        else if (password.Length > 1000)
        {
            errors.Add(field, "At most 1000 characters.");
        }

        return errors;
    }

    public static ValidationErrors Role(this ValidationErrors errors, string field, string? role) =>
        Roles.IsKnown(role) ? errors : errors.Add(field, $"Must be \"{Roles.Agent}\" or \"{Roles.Admin}\".");
}
