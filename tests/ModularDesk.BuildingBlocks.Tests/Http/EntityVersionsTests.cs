using Microsoft.AspNetCore.Http;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.BuildingBlocks.Tests.Http;

public sealed class EntityVersionsTests
{
    private const string Current = "\"7\"";

    [Theory]
    [InlineData(null, false)]
    [InlineData("\"7\"", false)]
    [InlineData("*", false)]
    [InlineData("W/\"7\"", false)]
    [InlineData("\"6\", \"7\"", false)]
    [InlineData("\"6\"", true)]
    [InlineData("W/\"6\"", true)]
    [InlineData("7", true)]
    public void An_edit_is_stale_unless_If_Match_names_the_current_version_or_any(string? ifMatch, bool stale)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        Assert.Equal(stale, EntityVersions.IsStale(context.Request, Current));
    }

    [Fact]
    public void A_row_version_is_a_quoted_strong_tag() => Assert.Equal("\"42\"", EntityVersions.ETag(42));
}
