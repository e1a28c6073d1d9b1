using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Contracts.Resolution;

namespace ModularDesk.Clients.Resolution;

/// <summary>An inbound sender read into the contact it becomes and the identity it is matched by.</summary>
internal static class SenderIdentity
{
    /// <summary>
    /// The sender as a contact. Messengers and external ids are scoped by <see cref="InboundSender.Messenger"/> (else the
    /// channel type). WhatsApp-style bare digits are read as international. What cannot be read as its kind (a broken
    /// address) is still matched, as an external id of the channel type, so no message is lost over a sender's form.
    /// </summary>
    public static NormalizedContact Read(InboundSender sender, ContactNormalizer normalizer)
    {
        var errors = new Dictionary<string, string>();
        var kind = sender.Kind?.Trim() ?? "";
        var value = sender.Value?.Trim() ?? "";
        var scope = (sender.Messenger ?? sender.ChannelType ?? "channel").Trim().ToLowerInvariant();
        NormalizedContact? contact = kind switch
        {
            ContactKinds.Email => normalizer.Normalize(ContactKinds.Email, value, null, errors),
            ContactKinds.Phone => normalizer.Normalize(
                ContactKinds.Phone, value.Length > 0 && char.IsAsciiDigit(value[0]) && !value.StartsWith("00", StringComparison.Ordinal) ? "+" + value : value, "mobile", errors),
            ContactKinds.Messenger => normalizer.Normalize(ContactKinds.Messenger, value, scope, errors),
            ContactKinds.ExternalId => normalizer.Normalize(ContactKinds.ExternalId, value, scope, errors),
            ContactKinds.Social => normalizer.Normalize(ContactKinds.Social, value, sender.Messenger, errors),
            _ => null,
        };
        if (contact is not null)
        {
            return contact;
        }

        var id = value.Length == 0 ? "(empty)" : value.Length > 200 ? value[..200] : value;
        var source = string.IsNullOrWhiteSpace(scope) ? "channel" : scope;
        return new NormalizedContact(ContactKinds.ExternalId, id, id, source, new IdentityKey(ContactKinds.ExternalId, source, id));
    }
}
