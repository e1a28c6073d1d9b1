using System.Text;
using ModularDesk.Channels.Connectors;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Tests.Connectors;

/// <summary>What a connector's message becomes in the inbox, and what the inbox refuses.</summary>
public sealed class InboxSinkTests
{
    [Fact]
    public void A_connector_message_is_stored_with_its_sender_attachments_and_flags()
    {
        var message = new InboundMessage("<a@mail>", new InboundSender(SenderKind.ExternalId, "u-42") { DisplayName = "Jan" })
        {
            Subject = "Hi",
            Attachments = [new InboundAttachment("a.txt", "text/plain", Encoding.UTF8.GetBytes("hello"))],
            Flags = InboundFlags.AutoReply | InboundFlags.Truncated,
            Headers = new Dictionary<string, IReadOnlyList<string>> { ["Auto-Submitted"] = ["auto-replied"] },
        };

        var data = InboxSink.ToData(message);

        Assert.Equal("externalId", data.From.Kind);
        Assert.Equal("Jan", data.From.DisplayName);
        Assert.Equal("hello", Encoding.UTF8.GetString(Convert.FromBase64String(data.Attachments[0].ContentBase64)));
        Assert.Equal(["autoReply", "truncated"], data.Flags);
        Assert.Equal(["auto-replied"], data.Headers["Auto-Submitted"]);
    }

    [Fact]
    public void A_connector_message_without_an_external_id_is_refused_naming_the_field_but_not_the_content()
    {
        var message = new InboundMessage("", new InboundSender(SenderKind.Email, "secret-person@acme.pl"));

        var error = Assert.Throws<ArgumentException>(() => InboxSink.ToData(message));

        Assert.Contains("externalMessageId", error.Message);
        Assert.DoesNotContain("secret-person", error.Message);
    }
}
