using MailKit.Security;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email;

/// <summary>What to do with a message in the IMAP folder once the inbox has it.</summary>
internal enum AfterImport
{
    Keep,
    MarkSeen,
    Move,
}

/// <summary>One channel's settings (keys as api.md lists them), read once per connector.</summary>
internal sealed record EmailSettings
{
    public required string ImapHost { get; init; }

    public int ImapPort { get; init; } = 993;

    public SecureSocketOptions ImapSecurity { get; init; } = SecureSocketOptions.SslOnConnect;

    public required string ImapUser { get; init; }

    public required string ImapPassword { get; init; }

    public string ImapFolder { get; init; } = "INBOX";

    public required string SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 587;

    public SecureSocketOptions SmtpSecurity { get; init; } = SecureSocketOptions.StartTls;

    public string? SmtpUser { get; init; }

    public string? SmtpPassword { get; init; }

    public required string FromAddress { get; init; }

    public string? FromName { get; init; }

    public AfterImport AfterImport { get; init; } = AfterImport.MarkSeen;

    public string? MoveToFolder { get; init; }

    public bool UseIdle { get; init; } = true;

    public TimeSpan IdleRefresh { get; init; } = TimeSpan.FromMinutes(9);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <exception cref="InvalidOperationException">A required setting is missing or a value is not valid; the message names the key.</exception>
    public static EmailSettings From(IChannelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new EmailSettings
        {
            ImapHost = settings.GetRequired("imapHost"),
            ImapPort = settings.GetInt32("imapPort", 993),
            ImapSecurity = Security(settings.Get("imapSecurity"), "imapSecurity", SecureSocketOptions.SslOnConnect),
            ImapUser = settings.GetRequired("imapUser"),
            ImapPassword = settings.GetSecret("imapPassword") ?? string.Empty,
            ImapFolder = Blank(settings.Get("imapFolder")) ?? "INBOX",
            SmtpHost = settings.Get("smtpHost") ?? string.Empty,
            SmtpPort = settings.GetInt32("smtpPort", 587),
            SmtpSecurity = Security(settings.Get("smtpSecurity"), "smtpSecurity", SecureSocketOptions.StartTls),
            SmtpUser = Blank(settings.Get("smtpUser")),
            SmtpPassword = settings.GetSecret("smtpPassword"),
            FromAddress = Blank(settings.Get("fromAddress")) ?? settings.GetRequired("imapUser"),
            FromName = Blank(settings.Get("fromName")),
            AfterImport = Blank(settings.Get("afterImport")) switch
            {
                null or "markSeen" => AfterImport.MarkSeen,
                "keep" => AfterImport.Keep,
                "move" => AfterImport.Move,
                var other => throw new InvalidOperationException($"The setting 'afterImport' must be keep, markSeen or move, not '{other}'."),
            },
            MoveToFolder = Blank(settings.Get("moveToFolder")),
            UseIdle = settings.GetBoolean("useIdle", true),
            IdleRefresh = TimeSpan.FromSeconds(Math.Clamp(settings.GetInt32("idleRefreshSeconds", 540), 1, 29 * 60)),
            PollInterval = TimeSpan.FromSeconds(Math.Clamp(settings.GetInt32("pollSeconds", 60), 1, 3600)),
        };
    }

    private static SecureSocketOptions Security(string? value, string key, SecureSocketOptions fallback) => Blank(value) switch
    {
        null => fallback,
        "none" => SecureSocketOptions.None,
        "ssl" => SecureSocketOptions.SslOnConnect,
        "starttls" => SecureSocketOptions.StartTls,
        var other => throw new InvalidOperationException($"The setting '{key}' must be none, ssl or starttls, not '{other}'."),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
