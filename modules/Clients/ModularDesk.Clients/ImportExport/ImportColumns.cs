namespace ModularDesk.Clients.ImportExport;

/// <summary>
/// What a CSV column feeds: a card field, a contact kind (with its messenger or source), or a custom field. Columns
/// map by the <c>mapping</c> the agent sent (column → field), else by header name, spaces, dashes and case ignored;
/// the export's own headers map back, so an exported file imports as updates.
/// </summary>
internal sealed record ImportColumn(string Field, string? Scope = null)
{
    public static readonly string[] ScalarFields =
        ["id", "name", "position", "language", "note", "isVip", "isSpammer", "customerType", "organization", "organizationId", "ownerAgentId"];

    private static readonly Dictionary<string, ImportColumn> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = new("id"),
        ["name"] = new("name"), ["fullname"] = new("name"),
        ["email"] = new("email"), ["emails"] = new("email"), ["emailaddress"] = new("email"), ["mail"] = new("email"),
        ["phone"] = new("phone"), ["phones"] = new("phone"), ["phonenumber"] = new("phone"), ["telephone"] = new("phone"),
        ["tel"] = new("phone"), ["mobile"] = new("phone"),
        ["site"] = new("site"), ["sites"] = new("site"), ["website"] = new("site"),
        ["messengers"] = new("messenger"), ["externalids"] = new("externalId"),
        ["telegram"] = new("messenger", "telegram"), ["whatsapp"] = new("messenger", "whatsapp"), ["viber"] = new("messenger", "viber"),
        ["organization"] = new("organization"), ["organisation"] = new("organization"), ["company"] = new("organization"),
        ["organizationid"] = new("organizationId"),
        ["position"] = new("position"), ["title"] = new("position"), ["jobtitle"] = new("position"),
        ["language"] = new("language"), ["lang"] = new("language"),
        ["note"] = new("note"), ["notes"] = new("note"), ["comment"] = new("note"),
        ["isvip"] = new("isVip"), ["vip"] = new("isVip"),
        ["isspammer"] = new("isSpammer"), ["spammer"] = new("isSpammer"),
        ["customertype"] = new("customerType"),
        ["owneragentid"] = new("ownerAgentId"),
    };

    /// <summary>The column a header or mapping target names, or null when it feeds nothing.</summary>
    public static ImportColumn? Parse(string? target, IReadOnlySet<string> customFieldKeys)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            return null;
        }

        var trimmed = target.Trim();
        var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var (head, tail) = (trimmed[..dot], trimmed[(dot + 1)..]);
            if (head.Equals("customFields", StringComparison.OrdinalIgnoreCase) && tail.Length > 0)
            {
                return new ImportColumn("customFields", tail);
            }

            if ((head.Equals("messenger", StringComparison.OrdinalIgnoreCase) || head.Equals("messengers", StringComparison.OrdinalIgnoreCase)) && tail.Length > 0)
            {
                return new ImportColumn("messenger", tail.ToLowerInvariant());
            }

            if ((head.Equals("externalId", StringComparison.OrdinalIgnoreCase) || head.Equals("externalIds", StringComparison.OrdinalIgnoreCase)) && tail.Length > 0)
            {
                return new ImportColumn("externalId", tail);
            }
        }

        if (customFieldKeys.Contains(trimmed))
        {
            return new ImportColumn("customFields", trimmed);
        }

        var key = new string(trimmed.Where(c => c is not (' ' or '_' or '-')).ToArray());
        return Aliases.GetValueOrDefault(key);
    }
}
