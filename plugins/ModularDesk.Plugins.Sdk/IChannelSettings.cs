using System.Globalization;

namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// A channel instance's settings, keyed as in the plugin's manifest. Plain values come from
/// <see cref="Get"/>; values of settings marked <c>secret</c> only from <see cref="GetSecret"/>, so a
/// secret is never read (or logged) by accident. Values are strings as stored; the typed getters parse them.
/// </summary>
public interface IChannelSettings
{
    /// <summary>The keys that have a plain (non-secret) value.</summary>
    IReadOnlyCollection<string> Keys { get; }

    /// <summary>A plain setting's value.</summary>
    /// <param name="key">The setting key, e.g. <c>imapHost</c>.</param>
    /// <returns>The value, or <see langword="null"/> when not set (the manifest's default is already applied).</returns>
    string? Get(string key);

    /// <summary>A secret setting's value (decrypted).</summary>
    /// <param name="key">The secret's key, e.g. <c>imapPassword</c>.</param>
    /// <returns>The secret, or <see langword="null"/> when not set.</returns>
    string? GetSecret(string key);

    /// <summary>A plain setting that must be present.</summary>
    /// <param name="key">The setting key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The setting is missing or empty.</exception>
    string GetRequired(string key) =>
        Get(key) is { Length: > 0 } value ? value : throw new InvalidOperationException($"The setting '{key}' is required.");

    /// <summary>A secret that must be present.</summary>
    /// <param name="key">The secret's key.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="InvalidOperationException">The secret is missing or empty.</exception>
    string GetRequiredSecret(string key) =>
        GetSecret(key) is { Length: > 0 } value ? value : throw new InvalidOperationException($"The secret setting '{key}' is required.");

    /// <summary>A whole-number setting.</summary>
    /// <param name="key">The setting key.</param>
    /// <param name="defaultValue">Returned when the setting is missing.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The value is not a whole number.</exception>
    int GetInt32(string key, int defaultValue) =>
        Get(key) is { Length: > 0 } value ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture) : defaultValue;

    /// <summary>A yes/no setting (<c>true</c>/<c>false</c>, any case).</summary>
    /// <param name="key">The setting key.</param>
    /// <param name="defaultValue">Returned when the setting is missing.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The value is not <c>true</c> or <c>false</c>.</exception>
    bool GetBoolean(string key, bool defaultValue) =>
        Get(key) is { Length: > 0 } value ? bool.Parse(value) : defaultValue;
}
