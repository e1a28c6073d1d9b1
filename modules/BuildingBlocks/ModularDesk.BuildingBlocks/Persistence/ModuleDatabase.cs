namespace ModularDesk.BuildingBlocks.Persistence;

/// <summary>Describes one module's DbContext and schema to the migrator and the outbox dispatcher.</summary>
public sealed record ModuleDatabase(Type ContextType, string Schema);
