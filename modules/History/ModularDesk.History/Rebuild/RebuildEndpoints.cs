using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.History.Persistence;

namespace ModularDesk.History.Rebuild;

/// <summary>
/// Admin: <c>POST /admin/history/rebuild</c> queues a rebuild of the read models from the event log (202 with the
/// run); <c>GET /admin/history/rebuild/{id}</c> tells how it went.
/// </summary>
internal static class RebuildEndpoints
{
    public static void MapRebuildEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/admin/history/rebuild").RequireAuthorization(Policies.Admin).WithTags("History");
        group.MapPost("/", RequestAsync).WithName("RebuildHistory")
            .WithSummary("Queues a rebuild of the timelines, change and outbound history from History's event log.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetHistoryRebuild").WithSummary("A rebuild run's status.");
    }

    private static async Task<IResult> RequestAsync(
        HttpContext http, HistoryDbContext db, IBackgroundJobClient jobs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var run = new RebuildRun
        {
            Id = Guid.CreateVersion7(), RequestedBy = http.User.AgentId(), RequestedAt = clock.GetUtcNow(), Status = "queued",
        };
        db.RebuildRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<HistoryRebuild>(job => job.RunAsync(run.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/admin/history/rebuild/{run.Id}", RebuildRunView.From(run));
    }

    private static async Task<IResult> GetAsync(Guid id, HistoryDbContext db, CancellationToken cancellationToken)
    {
        var run = await db.RebuildRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return run is null ? Problems.NotFound("No such rebuild.") : TypedResults.Ok(RebuildRunView.From(run));
    }
}
