namespace ModularDesk.Channels.Instances;

/// <summary>
/// One configured channel: a mailbox, a bot, a phone number, or the built-in API channel. Plain settings
/// are a JSON object; secrets are a JSON object of key → Data Protection ciphertext, so which secrets are
/// set is visible without decrypting anything.
/// </summary>
internal sealed class ChannelInstance
{
    public Guid Id { get; set; }

    public string PluginId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The plain settings as a JSON object (<c>jsonb</c>).</summary>
    public string Settings { get; set; } = "{}";

    /// <summary>Secret settings: a JSON object of key → protected value (<c>jsonb</c>); never leaves the module decrypted except to the connector.</summary>
    public string Secrets { get; set; } = "{}";

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: the ETag and the connector's revision.</summary>
    public uint Version { get; set; }

    public bool IsBuiltIn => Id == Contracts.BuiltInChannels.ApiChannelId;
}
