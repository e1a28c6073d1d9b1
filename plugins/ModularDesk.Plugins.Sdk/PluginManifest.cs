using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// The plugin's <c>plugin.json</c>, which sits next to its assembly in the plugin's folder. The host
/// reads it before loading any code, to show the plugin, check its SDK version and know its settings.
/// </summary>
/// <example>
/// <code language="json">
/// { "id": "email", "name": "Email (IMAP/SMTP)", "version": "1.2.0", "sdkVersion": "1.0.0",
///   "assembly": "ModularDesk.Plugins.Email.dll", "capabilities": ["pull", "outbound"],
///   "settings": [ { "key": "imapHost", "label": "IMAP server", "required": true },
///                 { "key": "imapPassword", "secret": true } ] }
/// </code>
/// </example>
public sealed record PluginManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "plugin.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The plugin's id, used as <c>pluginId</c> of channel instances: lower-case letters, digits and dashes (e.g. <c>telegram</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The name shown to admins.</summary>
    public required string Name { get; init; }

    /// <summary>The plugin's own version, e.g. <c>1.2.0</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The SDK version the plugin was built against (<see cref="SdkInfo.Version"/> at build time), e.g. <c>1.0.0</c>.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>The plugin's main assembly file, relative to the plugin folder, e.g. <c>ModularDesk.Plugins.Email.dll</c>.</summary>
    public required string Assembly { get; init; }

    /// <summary>The full name of the <see cref="IChannelPlugin"/> type; when omitted the host finds the only one.</summary>
    public string? EntryType { get; init; }

    /// <summary>A one-line description for admins.</summary>
    public string? Description { get; init; }

    /// <summary>What the plugin's connectors can do; names from <see cref="PluginCapabilities"/>.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>The settings a channel instance of this plugin has.</summary>
    public IReadOnlyList<PluginSettingDefinition> Settings { get; init; } = [];

    /// <summary>Reads and checks a manifest.</summary>
    /// <param name="json">The content of <c>plugin.json</c>.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="FormatException">The JSON is malformed or a required field is missing or invalid; the message says which.</exception>
    public static PluginManifest Parse(string json)
    {
        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{FileName} is not valid: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new FormatException($"{FileName} is empty.");
        }

        var problems = manifest.Validate();
        return problems.Count == 0
            ? manifest
            : throw new FormatException($"{FileName} is not valid: {string.Join("; ", problems)}");
    }

    /// <summary>Checks the fields a host relies on.</summary>
    /// <returns>The problems found; empty when the manifest is usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id) || !Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            problems.Add("'id' must be lower-case letters, digits and dashes");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("'name' is required");
        }

        if (ParseVersion(Version) is null)
        {
            problems.Add($"'version' must look like 1.0.0 (was '{Version}')");
        }

        if (GetSdkVersion() is null)
        {
            problems.Add($"'sdkVersion' must look like 1.0.0 (was '{SdkVersion}')");
        }

        if (string.IsNullOrWhiteSpace(Assembly) || Path.IsPathRooted(Assembly) || Assembly.Contains("..", StringComparison.Ordinal))
        {
            problems.Add("'assembly' must be a file name inside the plugin folder");
        }

        foreach (var setting in Settings)
        {
            if (string.IsNullOrWhiteSpace(setting.Key))
            {
                problems.Add("every setting needs a 'key'");
            }
            else if (setting.Type == PluginSettingType.Enum && setting.Options.Count == 0)
            {
                problems.Add($"setting '{setting.Key}' is an enum without 'options'");
            }
        }

        return problems;
    }

    /// <summary>The SDK version as a <see cref="System.Version"/> (a pre-release suffix such as <c>-beta</c> is ignored).</summary>
    /// <returns>The version, or <see langword="null"/> when <see cref="SdkVersion"/> is not a version.</returns>
    public Version? GetSdkVersion() => ParseVersion(SdkVersion);

    private static Version? ParseVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var core = text.Split('-', '+')[0];
        return System.Version.TryParse(core, out var version)
            ? new Version(version.Major, version.Minor, Math.Max(version.Build, 0))
            : null;
    }
}
