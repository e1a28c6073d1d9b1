namespace ModularDesk.BuildingBlocks.Contracts;

/// <summary>Who made a change: <c>agent</c> (with the agent's id), <c>channel</c> (with the channel id), <c>import</c>, <c>api</c> or <c>system</c>.</summary>
public sealed record ChangeActor(string Kind, Guid? Id, string Name);
