namespace ModularDesk.Plugins.Sdk;

/// <summary>The type of a channel setting, which decides how the admin UI asks for it and how it is validated.</summary>
public enum PluginSettingType
{
    /// <summary>Free text.</summary>
    String,

    /// <summary>A whole number.</summary>
    Int,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>One of <see cref="PluginSettingDefinition.Options"/>.</summary>
    Enum,
}
