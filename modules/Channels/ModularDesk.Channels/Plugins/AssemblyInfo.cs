using System.Runtime.CompilerServices;

// The plugin loader and supervisor are tested on their own, with real plugin assemblies.
[assembly: InternalsVisibleTo("ModularDesk.Plugins.Tests")]
