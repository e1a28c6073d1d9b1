namespace ModularDesk.Plugins.Sdk;

/// <summary>A template registered with the service (e.g. a WhatsApp message template).</summary>
/// <param name="Name">The template's name at the service.</param>
/// <param name="Language">The template's language code, e.g. <c>pl</c> or <c>en_US</c>.</param>
/// <param name="Parameters">Values for the template's placeholders, in order.</param>
public sealed record MessageTemplate(string Name, string Language, IReadOnlyList<string> Parameters);
