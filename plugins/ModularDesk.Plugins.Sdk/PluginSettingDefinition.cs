namespace ModularDesk.Plugins.Sdk;

/// <summary>One setting a channel instance of the plugin has (an entry of the manifest's <c>settings</c>).</summary>
public sealed record PluginSettingDefinition
{
    /// <summary>The key in the channel's settings, e.g. <c>imapHost</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The label the admin UI shows; the key when omitted.</summary>
    public string? Label { get; init; }

    /// <summary>The value's type; <see cref="PluginSettingType.String"/> when omitted.</summary>
    public PluginSettingType Type { get; init; } = PluginSettingType.String;

    /// <summary>Whether a channel cannot be saved without it.</summary>
    public bool Required { get; init; }

    /// <summary>Whether it is a secret: encrypted at rest, write-only in the API, read with
    /// <see cref="IChannelSettings.GetSecret"/>.</summary>
    public bool Secret { get; init; }

    /// <summary>The value used when none is given, as a string (e.g. <c>"993"</c>, <c>"true"</c>).</summary>
    public string? Default { get; init; }

    /// <summary>For <see cref="PluginSettingType.Enum"/>: the allowed values.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];
}
