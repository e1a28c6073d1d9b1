namespace ModularDesk.Plugins.Sdk;

/// <summary>The SDK's own version and the rule that decides whether a plugin can be loaded.</summary>
public static class SdkInfo
{
    /// <summary>The version of this SDK, as the host carries it.</summary>
    public static Version Version { get; } = new(1, 0, 0);

    /// <summary>
    /// Whether a plugin built against <paramref name="builtAgainst"/> runs on a host that carries
    /// <paramref name="host"/>: the same major version (majors may break the contract) and a minor
    /// version no newer than the host's (a newer minor may use members this host does not have).
    /// </summary>
    /// <param name="builtAgainst">The SDK version in the plugin's manifest (<c>sdkVersion</c>).</param>
    /// <param name="host">The SDK version the host carries.</param>
    /// <returns><see langword="true"/> when the plugin can be loaded.</returns>
    public static bool IsCompatible(Version builtAgainst, Version host)
    {
        ArgumentNullException.ThrowIfNull(builtAgainst);
        ArgumentNullException.ThrowIfNull(host);
        return builtAgainst.Major == host.Major && builtAgainst.Minor <= host.Minor;
    }

    /// <summary>Whether a plugin built against <paramref name="builtAgainst"/> runs with this SDK (<see cref="Version"/>).</summary>
    /// <param name="builtAgainst">The SDK version in the plugin's manifest (<c>sdkVersion</c>).</param>
    /// <returns><see langword="true"/> when the plugin can be loaded.</returns>
    public static bool IsCompatible(Version builtAgainst) => IsCompatible(builtAgainst, Version);
}
