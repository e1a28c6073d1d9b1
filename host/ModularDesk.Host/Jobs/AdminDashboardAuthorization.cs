using Hangfire.Dashboard;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Host.Jobs;

/// <summary>The Hangfire dashboard is for admins; Hangfire answers 401 to anonymous callers and 403 to agents.</summary>
internal sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
}
