using System.Text;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email;

/// <summary>The <c>email</c> plugin: one <see cref="EmailConnector"/> per channel instance.</summary>
public sealed class EmailPlugin : IChannelPlugin
{
    static EmailPlugin()
    {
        // windows-1250, koi8-r, iso-2022-jp, … for mail that is not UTF-8 (MimeKit asks Encoding.GetEncoding).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new EmailConnector(context);
    }
}
