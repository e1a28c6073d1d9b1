using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Tests.Sdk;

public sealed class SdkCompatibilityTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.0", true)]
    [InlineData("1.0.5", "1.0.0", true)]
    [InlineData("1.0.0", "1.3.0", true)]
    [InlineData("1.3.0", "1.3.2", true)]
    [InlineData("1.4.0", "1.3.0", false)]
    [InlineData("2.0.0", "1.9.0", false)]
    [InlineData("0.9.0", "1.0.0", false)]
    [InlineData("1.0.0", "2.0.0", false)]
    public void A_plugin_runs_on_the_same_sdk_major_with_a_minor_no_newer_than_the_hosts(string plugin, string host, bool compatible)
    {
        Assert.Equal(compatible, SdkInfo.IsCompatible(Version.Parse(plugin), Version.Parse(host)));
    }

    [Fact]
    public void This_sdk_is_version_1_0_0()
    {
        Assert.Equal(new Version(1, 0, 0), SdkInfo.Version);
        Assert.True(SdkInfo.IsCompatible(new Version(1, 0, 0)));
    }
}
