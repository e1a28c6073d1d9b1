using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Plugins.Sdk;
using ModularDesk.Plugins.Tests.Support;

namespace ModularDesk.Plugins.Tests.Loading;

public sealed class PluginCatalogTests
{
    private static PluginCatalog CatalogOver(string directory) =>
        new(new PluginDirectory(directory), NullLogger<PluginCatalog>.Instance);

    [Fact]
    public void A_working_plugin_is_loaded_with_what_its_manifest_says()
    {
        using var folders = new TestPluginFolders(TestPluginFolders.Working);
        using var catalog = CatalogOver(folders.Path);

        var entry = catalog.Find("test-working")!;

        Assert.Equal(PluginStatus.Loaded, entry.Status);
        Assert.Null(entry.Error);
        Assert.Equal("Test: working connector", entry.Name);
        Assert.Equal("1.0.0", entry.Version);
        Assert.Equal("1.0.0", entry.SdkVersion);
        Assert.Equal(["pull", "webhook", "outbound"], entry.Capabilities);
        Assert.NotNull(catalog.FindConnectorPlugin("test-working"));
    }

    [Fact]
    public void A_plugin_whose_entry_type_throws_is_skipped_and_reported_failed_with_the_reason()
    {
        using var folders = new TestPluginFolders(TestPluginFolders.Working, TestPluginFolders.Broken);
        using var catalog = CatalogOver(folders.Path);

        var broken = catalog.Find("test-broken")!;

        Assert.Equal(PluginStatus.Failed, broken.Status);
        Assert.Contains("The broken test plugin refuses to start.", broken.Error);
        Assert.Null(catalog.FindConnectorPlugin("test-broken"));
        Assert.Equal(PluginStatus.Loaded, catalog.Find("test-working")!.Status);
    }

    [Fact]
    public void A_plugin_built_for_another_sdk_major_is_reported_incompatible_without_running_its_code()
    {
        // The incompatible plugin's constructor throws, so "failed" here would mean its code ran.
        using var folders = new TestPluginFolders(TestPluginFolders.Incompatible);
        using var catalog = CatalogOver(folders.Path);

        var entry = catalog.Find("test-incompatible")!;

        Assert.Equal(PluginStatus.Incompatible, entry.Status);
        Assert.Equal("2.0.0", entry.SdkVersion);
        Assert.Contains("built for SDK 2.0.0", entry.Error);
        Assert.Contains("1.0.0", entry.Error);
        Assert.Null(catalog.FindConnectorPlugin("test-incompatible"));
    }

    [Fact]
    public void A_folder_without_a_manifest_is_reported_failed_under_its_folder_name()
    {
        using var folders = new TestPluginFolders();
        folders.AddFolder("stray-folder", ("readme.txt", "not a plugin"));
        using var catalog = CatalogOver(folders.Path);

        var entry = catalog.Find("stray-folder")!;

        Assert.Equal(PluginStatus.Failed, entry.Status);
        Assert.Equal("no plugin.json", entry.Error);
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_reported_failed_with_the_parse_error()
    {
        using var folders = new TestPluginFolders();
        folders.AddFolder("garbled", ("plugin.json", "{ \"id\": \"garbled\", "));
        using var catalog = CatalogOver(folders.Path);

        var entry = catalog.Find("garbled")!;

        Assert.Equal(PluginStatus.Failed, entry.Status);
        Assert.StartsWith("plugin.json is not valid", entry.Error);
    }

    [Fact]
    public void A_manifest_naming_a_missing_assembly_is_reported_failed()
    {
        using var folders = new TestPluginFolders();
        folders.AddFolder("hollow", ("plugin.json", """
            { "id": "hollow", "name": "Hollow", "version": "1.0.0", "sdkVersion": "1.0.0", "assembly": "Hollow.dll" }
            """));
        using var catalog = CatalogOver(folders.Path);

        var entry = catalog.Find("hollow")!;

        Assert.Equal(PluginStatus.Failed, entry.Status);
        Assert.Equal("assembly 'Hollow.dll' not found in the plugin folder", entry.Error);
        Assert.Equal("Hollow", entry.Name);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_reported_failed_and_the_others_still_load()
    {
        using var folders = new TestPluginFolders(TestPluginFolders.Working);
        folders.AddFolder("fake", ("plugin.json", """
            { "id": "fake", "name": "Fake", "version": "1.0.0", "sdkVersion": "1.0.0", "assembly": "Fake.dll" }
            """), ("Fake.dll", "MZ but not really"));
        using var catalog = CatalogOver(folders.Path);

        Assert.Equal(PluginStatus.Failed, catalog.Find("fake")!.Status);
        Assert.False(string.IsNullOrEmpty(catalog.Find("fake")!.Error));
        Assert.Equal(PluginStatus.Loaded, catalog.Find("test-working")!.Status);
    }

    [Fact]
    public void A_second_plugin_with_an_id_already_loaded_is_reported_failed()
    {
        using var folders = new TestPluginFolders(TestPluginFolders.Working);
        folders.Add(TestPluginFolders.Working, "zz-copy-of-working");
        using var catalog = CatalogOver(folders.Path);

        var entries = catalog.All.Where(p => p.Id == "test-working").ToList();

        Assert.Equal([PluginStatus.Loaded, PluginStatus.Failed], entries.Select(e => e.Status));
        Assert.Equal("another plugin already has the id 'test-working'", entries[1].Error);
    }

    [Fact]
    public void The_built_in_api_channel_type_is_always_listed_even_without_a_plugins_directory()
    {
        using var catalog = CatalogOver(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N")));

        var entry = Assert.Single(catalog.All);

        Assert.Equal("api", entry.Id);
        Assert.Equal(PluginStatus.Loaded, entry.Status);
        Assert.Null(catalog.FindConnectorPlugin("api"));
    }

    [Fact]
    public void Every_folder_is_reported_in_one_listing_with_api_first()
    {
        using var folders = new TestPluginFolders(
            TestPluginFolders.Working, TestPluginFolders.Broken, TestPluginFolders.Incompatible, TestPluginFolders.Crashing);
        folders.AddFolder("empty");
        using var catalog = CatalogOver(folders.Path);

        var statuses = catalog.All.ToDictionary(p => p.Id, p => p.Status);

        Assert.Equal("api", catalog.All[0].Id);
        Assert.Equal(PluginStatus.Loaded, statuses["test-working"]);
        Assert.Equal(PluginStatus.Loaded, statuses["test-crashing"]);
        Assert.Equal(PluginStatus.Failed, statuses["test-broken"]);
        Assert.Equal(PluginStatus.Incompatible, statuses["test-incompatible"]);
        Assert.Equal(PluginStatus.Failed, statuses["empty"]);
        Assert.Equal(6, catalog.All.Count);
    }

    [Fact]
    public void Test_plugins_are_built_without_a_copy_of_the_sdk_or_the_logging_abstractions()
    {
        string[] plugins = [TestPluginFolders.Working, TestPluginFolders.Broken, TestPluginFolders.Incompatible, TestPluginFolders.Crashing];
        foreach (var plugin in plugins)
        {
            var files = Directory.GetFiles(TestPluginFolders.BuiltFolder(plugin)).Select(Path.GetFileName).ToList();

            Assert.Contains("plugin.json", files);
            Assert.Contains(plugin + ".dll", files);
            Assert.DoesNotContain("ModularDesk.Plugins.Sdk.dll", files);
            Assert.DoesNotContain("Microsoft.Extensions.Logging.Abstractions.dll", files);
            Assert.DoesNotContain(files, f => f!.EndsWith(".dll", StringComparison.Ordinal) && f != plugin + ".dll");
        }
    }

    [Fact]
    public async Task A_loaded_plugin_shares_the_sdk_types_with_the_host_so_its_connector_can_be_used()
    {
        using var folders = new TestPluginFolders(TestPluginFolders.Working);
        using var catalog = CatalogOver(folders.Path);
        var contexts = new InMemoryChannelContextFactory(TimeProvider.System);
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-working");

        await using var connector = catalog.FindConnectorPlugin("test-working")!.CreateConnector(contexts.Create(channel));
        var webhook = Assert.IsAssignableFrom<IWebhookConnector>(connector);
        var response = await webhook.HandleWebhookAsync(
            new WebhookRequest(
                "POST",
                $"/channels/{channel.ChannelId}/webhook",
                new Dictionary<string, IReadOnlyList<string>>(),
                new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase),
                Encoding.UTF8.GetBytes("""{ "externalMessageId": "m-1", "from": "jan@acme.pl", "text": "Hello" }"""),
                null),
            CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("\"duplicate\":false", Encoding.UTF8.GetString(response.Body.Span));
        var stored = Assert.Single(contexts.For(channel.ChannelId).Inbox);
        Assert.Equal("jan@acme.pl", stored.From.Value);
        Assert.Equal("Hello", stored.Text);
    }
}
