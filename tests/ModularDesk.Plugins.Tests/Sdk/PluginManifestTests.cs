using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Tests.Sdk;

public sealed class PluginManifestTests
{
    [Fact]
    public void A_full_manifest_is_read_with_its_settings_schema()
    {
        var manifest = PluginManifest.Parse("""
            {
              // comments and trailing commas are tolerated: people edit these by hand
              "id": "email", "name": "Email", "version": "1.2.0", "sdkVersion": "1.0.0-beta.1",
              "assembly": "ModularDesk.Plugins.Email.dll", "entryType": "ModularDesk.Plugins.Email.EmailPlugin",
              "capabilities": ["pull", "outbound"],
              "settings": [
                { "key": "imapPort", "label": "IMAP port", "type": "int", "required": true, "default": "993" },
                { "key": "imapSecurity", "type": "enum", "options": ["none", "ssl", "starttls"] },
                { "key": "imapPassword", "secret": true },
              ],
              "somethingFromTheFuture": 42
            }
            """);

        Assert.Equal("email", manifest.Id);
        Assert.Equal(new Version(1, 0, 0), manifest.GetSdkVersion());
        Assert.Equal(["pull", "outbound"], manifest.Capabilities);
        Assert.Equal(PluginSettingType.Int, manifest.Settings[0].Type);
        Assert.Equal("993", manifest.Settings[0].Default);
        Assert.True(manifest.Settings[0].Required);
        Assert.Equal(["none", "ssl", "starttls"], manifest.Settings[1].Options);
        Assert.True(manifest.Settings[2].Secret);
        Assert.Equal(PluginSettingType.String, manifest.Settings[2].Type);
    }

    [Theory]
    [InlineData("""{ "name": "X", "version": "1.0.0", "sdkVersion": "1.0.0", "assembly": "X.dll" }""", "missing required properties")]
    [InlineData("""{ "id": "Bad Id", "name": "X", "version": "1.0.0", "sdkVersion": "1.0.0", "assembly": "X.dll" }""", "'id' must be")]
    [InlineData("""{ "id": "x", "name": "X", "version": "1.0.0", "sdkVersion": "one", "assembly": "X.dll" }""", "'sdkVersion' must look like")]
    [InlineData("""{ "id": "x", "name": "X", "version": "1.0.0", "sdkVersion": "1.0.0", "assembly": "../host.dll" }""", "'assembly' must be")]
    [InlineData("""{ "id": "x", "name": "X", "version": "1.0.0", "sdkVersion": "1.0.0", "assembly": "X.dll", "settings": [ { "key": "mode", "type": "enum" } ] }""", "enum without 'options'")]
    [InlineData("""{ "id": "x", "name": "X", "version": "1.0.0", "sdkVersion": "1.0.0", "assembly": "X.dll", "settings": [ { "key": "mode", "type": "colour" } ] }""", "plugin.json is not valid")]
    [InlineData("null", "plugin.json is empty")]
    public void An_unusable_manifest_is_rejected_with_a_reason(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PluginManifest.Parse(json));

        Assert.Contains(reason, error.Message);
    }
}
