using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ModularDesk.BuildingBlocks.Http;

/// <summary>Optimistic concurrency over HTTP: an entity's row version is its ETag, and edits may carry If-Match.</summary>
public static class EntityVersions
{
    public static string ETag(uint version) => $"\"{version}\"";

    /// <summary>
    /// True when the request carries If-Match and none of its tags is <c>*</c> or the current one: the edit was based on
    /// a stale read (→ 412). A weak tag (<c>W/"7"</c>) counts as <c>"7"</c>: a proxy that compresses the GET response
    /// weakens the ETag it passes on, and a row version means the same either way. An If-Match that cannot be parsed is
    /// stale too — a precondition the client meant to set must never be silently ignored.
    /// </summary>
    public static bool IsStale(HttpRequest request, string currentETag)
    {
        if (request.Headers.IfMatch.Count == 0)
        {
            return false;
        }

        var tags = request.GetTypedHeaders().IfMatch;
        return !tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(currentETag, StringComparison.Ordinal));
    }
}
