using System.Net;
using System.Net.Http.Json;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.EndToEnd;

/// <summary>Organization cards edited through the Organizations API: their change history (H3).</summary>
public sealed class OrganizationsApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Organization_edits_are_in_its_change_history_with_before_and_after()
    {
        using var admin = await host.CreateAdminClientAsync();
        var domain = $"acme-{Guid.NewGuid():N}.test";
        using var created = await admin.PostAsJsonAsync("/api/v1/organizations", new { name = "Acme", domains = new[] { domain } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var organizationId = (await created.JsonAsync()).Id();
        using (var renamed = await admin.PatchJsonAsync($"/api/v1/organizations/{organizationId}", new { name = "Acme Corp" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var changes = await Eventually.ReturnsAsync(
            () => HistoryApi.AllPagesAsync(admin, $"/api/v1/organizations/{organizationId}/changes?limit=50"),
            c => c.Any(i => i.Str("kind") == "created") && c.Any(i => i.Str("kind") == "fieldChanged"),
            TimeSpan.FromSeconds(30), "the organization's changes");
        var change = changes.First(c => c.Str("kind") == "fieldChanged");
        using (var detail = await admin.GetAsync($"/api/v1/organizations/{organizationId}/changes/{change.Id()}"))
        {
            var body = await detail.JsonAsync();
            Assert.Contains("\"Acme\"", body.GetProperty("before").GetRawText(), StringComparison.Ordinal);
            Assert.Contains("\"Acme Corp\"", body.GetProperty("after").GetRawText(), StringComparison.Ordinal);
        }
    }
}
