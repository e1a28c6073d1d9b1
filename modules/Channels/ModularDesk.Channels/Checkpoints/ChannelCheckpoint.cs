namespace ModularDesk.Channels.Checkpoints;

/// <summary>Where a channel's receive loop resumes (IMAP last UID, Telegram offset), one row per channel and key.</summary>
internal sealed class ChannelCheckpoint
{
    public Guid ChannelId { get; set; }

    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
