namespace ModularDesk.History.Rebuild;

internal sealed record RebuildRunView(
    Guid Id, string Status, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long EventsReplayed, string? Error)
{
    public static RebuildRunView From(RebuildRun run) =>
        new(run.Id, run.Status, run.RequestedAt, run.StartedAt, run.FinishedAt, run.EventsReplayed, run.Error);
}
