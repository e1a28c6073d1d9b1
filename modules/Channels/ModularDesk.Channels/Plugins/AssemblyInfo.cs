using System.Runtime.CompilerServices;

// The plugin loader and supervisor are tested on their own, with real plugin assemblies.
[assembly: InternalsVisibleTo("ModularDesk.Plugins.Tests")]

// The Telegram and WhatsApp connector tests call their connectors' SendAsync through this module's channel context
// until the outbound queue exists.
[assembly: InternalsVisibleTo("ModularDesk.Plugins.Messengers.Tests")]
