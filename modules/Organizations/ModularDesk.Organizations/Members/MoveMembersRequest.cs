namespace ModularDesk.Organizations.Members;

internal sealed record MoveMembersRequest(IReadOnlyList<Guid>? ClientIds);
