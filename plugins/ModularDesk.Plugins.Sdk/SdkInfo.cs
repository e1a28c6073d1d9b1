namespace ModularDesk.Plugins.Sdk;

/// <summary>The SDK's own version; a plugin built against another major version is not loaded.</summary>
public static class SdkInfo
{
    /// <summary>The version of this SDK.</summary>
    public static Version Version { get; } = new(1, 0, 0);
}
