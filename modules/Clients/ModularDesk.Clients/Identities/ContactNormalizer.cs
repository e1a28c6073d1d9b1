using System.Net.Mail;
using System.Text.RegularExpressions;

namespace ModularDesk.Clients.Identities;

/// <summary>
/// Validates a contact and derives what is stored, shown and matched (C4): emails trimmed, matched lower-cased;
/// phones E.164 with a canonical key; social links and sites as normalized URLs; messenger ids per messenger;
/// external ids per source.
/// </summary>
internal sealed partial class ContactNormalizer(PhoneNumberReader phones)
{
    public static readonly string[] PhoneTypes = ["mobile", "home", "work", "landline", "fax", "other"];
    public static readonly string[] EmailLabels = ["private", "business", "other"];

    /// <summary>The JSON field holding the contact's value, per kind (<c>address</c>, <c>number</c>, …).</summary>
    public static string ValueField(string kind) => kind switch
    {
        ContactKinds.Email => "address",
        ContactKinds.Phone => "number",
        ContactKinds.Messenger or ContactKinds.ExternalId => "id",
        _ => "url",
    };

    /// <summary>The JSON field holding the contact's label, per kind (<c>label</c>, <c>type</c>, <c>messenger</c>, …).</summary>
    public static string? LabelField(string kind) => kind switch
    {
        ContactKinds.Email => "label",
        ContactKinds.Phone => "type",
        ContactKinds.Messenger => "messenger",
        ContactKinds.Social => "network",
        ContactKinds.ExternalId => "source",
        _ => null,
    };

    /// <summary>Normalizes one contact; on failure returns null and the errors by sub-field (<c>address</c>, <c>type</c>, …).</summary>
    public NormalizedContact? Normalize(string kind, string? value, string? label, IDictionary<string, string> errors)
    {
        var valueField = ValueField(kind);
        var labelField = LabelField(kind);
        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        switch (kind)
        {
            case ContactKinds.Email:
                {
                    if (label is not null && !EmailLabels.Contains(label.ToLowerInvariant()))
                    {
                        errors[labelField!] = $"One of {string.Join(", ", EmailLabels)}.";
                    }

                    var email = ReadEmail(value, out var error);
                    if (email is null)
                    {
                        errors[valueField] = error!;
                        return null;
                    }

                    return errors.Count > 0
                        ? null
                        : new NormalizedContact(kind, email, email, label?.ToLowerInvariant(), EmailIdentity(email));
                }

            case ContactKinds.Phone:
                {
                    if (label is not null && !PhoneTypes.Contains(label.ToLowerInvariant()))
                    {
                        errors[labelField!] = $"One of {string.Join(", ", PhoneTypes)}.";
                    }

                    var phone = phones.Read(value);
                    if (!phone.Ok)
                    {
                        errors[valueField] = phone.Error!;
                        return null;
                    }

                    return errors.Count > 0
                        ? null
                        : new NormalizedContact(kind, phone.E164!, phone.Display!, label?.ToLowerInvariant(), new IdentityKey(kind, "", phone.Key!));
                }

            case ContactKinds.Messenger:
            case ContactKinds.ExternalId:
                {
                    var scope = label?.ToLowerInvariant();
                    if (scope is null || scope.Length > 50 || !ScopePattern().IsMatch(scope))
                    {
                        errors[labelField!] = "Required: a short name of letters, digits, '-', '_' or '.'.";
                    }

                    var id = value?.Trim();
                    if (string.IsNullOrEmpty(id))
                    {
                        errors[valueField] = "Required.";
                    }
                    else if (id.Length > 200)
                    {
                        errors[valueField] = "At most 200 characters.";
                    }

                    if (errors.Count > 0)
                    {
                        return null;
                    }

                    return new NormalizedContact(kind, id!, id!, scope, new IdentityKey(kind, scope!, IdKey(kind, id!)));
                }

            case ContactKinds.Social:
                {
                    var url = ReadUrl(value, out var error);
                    if (url is null)
                    {
                        errors[valueField] = error!;
                        return null;
                    }

                    var network = label?.ToLowerInvariant() ?? NetworkOf(url);
                    if (network.Length > 50)
                    {
                        errors[labelField!] = "At most 50 characters.";
                        return null;
                    }

                    return new NormalizedContact(kind, SocialKeyUrl(url), value!.Trim(), network, new IdentityKey(kind, "", SocialKey(url)));
                }

            case ContactKinds.Site:
                {
                    var url = ReadUrl(value, out var error);
                    if (url is null)
                    {
                        errors[valueField] = error!;
                        return null;
                    }

                    return new NormalizedContact(kind, url.AbsoluteUri, value!.Trim(), null, null);
                }

            default:
                errors["kind"] = $"One of {string.Join(", ", ContactKinds.All)}.";
                return null;
        }
    }

    /// <summary>The identity of an email address: trimmed and lower-cased.</summary>
    public static IdentityKey EmailIdentity(string email) => new(ContactKinds.Email, "", email.Trim().ToLowerInvariant());

    /// <summary>A trimmed, syntactically valid address, or null with the reason.</summary>
    public static string? ReadEmail(string? value, out string? error)
    {
        error = null;
        var email = value?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            error = "Required.";
            return null;
        }

        if (email.Length > 254)
        {
            error = "At most 254 characters.";
            return null;
        }

        if (!MailAddress.TryCreate(email, out var parsed)
            || !string.Equals(parsed.Address, email, StringComparison.Ordinal)
            || !EmailPattern().IsMatch(email))
        {
            error = "Not an email address (expected name@domain.tld).";
            return null;
        }

        return email;
    }

    /// <summary>The messenger/external id key: ids as given, usernames (<c>@name</c>) lower-case without the <c>@</c>.</summary>
    public static string IdKey(string kind, string id)
    {
        id = id.Trim();
        return kind == ContactKinds.Messenger && id.StartsWith('@') ? id[1..].ToLowerInvariant() : id;
    }

    /// <summary>The matching key of a profile link: host without <c>www.</c>/<c>m.</c> plus path, lower-case, no query or trailing slash.</summary>
    public static string SocialKey(Uri url)
    {
        var host = url.Host.ToLowerInvariant();
        foreach (var prefix in new[] { "www.", "m.", "mobile." })
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal))
            {
                host = host[prefix.Length..];
                break;
            }
        }

        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimEnd('/').ToLowerInvariant();
        return host + path;
    }

    public static Uri? ReadUrl(string? value, out string? error)
    {
        error = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "Required.";
            return null;
        }

        if (text.Length > 2000)
        {
            error = "At most 2000 characters.";
            return null;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !url.Host.Contains('.'))
        {
            error = "Not a web address (expected https://host/path).";
            return null;
        }

        return url;
    }

    private static string SocialKeyUrl(Uri url) => "https://" + SocialKey(url);

    private static string NetworkOf(Uri url)
    {
        var key = SocialKey(url);
        var host = key.Split('/')[0];
        var parts = host.Split('.');
        return parts.Length >= 2 ? parts[^2] : host;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex ScopePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$")]
    private static partial Regex EmailPattern();
}
