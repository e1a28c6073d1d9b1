using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.CardChanges;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Clients.CustomFields;
using ModularDesk.Clients.Persistence;
using Npgsql;

namespace ModularDesk.Clients.FieldGroups;

/// <summary>
/// Special-field groups (C17): admins define groups under <c>/api/v1/field-groups</c>; agents keep a card's repeating
/// records under <c>/api/v1/clients/{id}/field-groups/{key}/records</c>. Every record change is a <c>ClientCardChanged</c>.
/// </summary>
internal static class FieldGroupEndpoints
{
    public const int MaxFields = 50;
    public const int MaxRecordsPerCard = 1_000;

    public static void MapFieldGroupEndpoints(this IEndpointRouteBuilder api)
    {
        var groups = api.MapGroup("/field-groups").RequireAuthorization(Policies.Agent).WithTags("Custom fields");
        groups.MapGet("/", ListGroupsAsync).WithName("ListFieldGroups").WithSummary("Special-field groups and their fields.");
        groups.MapPost("/", CreateGroupAsync).RequireAuthorization(Policies.Admin).WithName("CreateFieldGroup")
            .WithSummary("Defines a group of typed fields cards hold repeating records of.");

        var records = api.MapGroup("/clients/{clientId:guid}/field-groups/{key}/records")
            .RequireAuthorization(Policies.Agent).WithTags("Clients");
        records.MapGet("/", ListRecordsAsync).WithName("ListFieldGroupRecords").WithSummary("A card's records of one group, oldest first.");
        records.MapPost("/", AddRecordAsync).WithName("AddFieldGroupRecord").WithSummary("Adds a record to a card.");
        records.MapPatch("/{recordId:guid}", EditRecordAsync).WithName("EditFieldGroupRecord")
            .WithSummary("Merge patch of a record's values (null removes a value).");
        records.MapDelete("/{recordId:guid}", RemoveRecordAsync).WithName("RemoveFieldGroupRecord").WithSummary("Removes a record.");
    }

    private static async Task<IResult> ListGroupsAsync(ClientsDbContext db, CancellationToken cancellationToken)
    {
        var groups = await db.Set<FieldGroup>().AsNoTracking().OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<FieldGroupView>(groups.Select(FieldGroupView.From).ToList(), null));
    }

    private static async Task<IResult> CreateGroupAsync(
        CreateFieldGroupRequest? request, ClientsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var errors = new ValidationErrors().Key("key", request.Key).Required("label", request.Label, FieldDefinitionRules.MaxLabelLength);
        var fields = new List<GroupField>();
        if (request.Fields is not { Count: > 0 } || request.Fields.Count > MaxFields)
        {
            errors.Add("fields", $"A group has 1–{MaxFields} fields.");
        }
        else
        {
            for (var i = 0; i < request.Fields.Count; i++)
            {
                var path = $"fields[{i}].";
                var field = request.Fields[i];
                if (field is null)
                {
                    errors.Add($"fields[{i}]", "Required.");
                    continue;
                }

                errors.Key(path + "key", field.Key).Required(path + "label", field.Label, FieldDefinitionRules.MaxLabelLength);
                var options = errors.TypeAndOptions(path, field.Type, field.Options);
                if (fields.Any(f => f.Key == field.Key))
                {
                    errors.Add(path + "key", $"'{field.Key}' is used twice.");
                }

                fields.Add(new GroupField(field.Key ?? string.Empty, field.Label?.Trim() ?? string.Empty, field.Type ?? string.Empty, options));
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var group = new FieldGroup
        {
            Id = Guid.CreateVersion7(),
            Key = request.Key!,
            Label = request.Label!.Trim(),
            Fields = FieldGroupJson.Serialize(fields),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(group);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("field-group-conflict", "The key is taken", $"A field group '{group.Key}' already exists.");
        }

        return TypedResults.Created($"/api/v1/field-groups/{group.Id}", FieldGroupView.From(group));
    }

    private static async Task<IResult> ListRecordsAsync(
        Guid clientId, string key, ClientsDbContext db, ExistingCards cards, CancellationToken cancellationToken)
    {
        var (group, problem) = await FindAsync(clientId, key, db, cards, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var records = await db.Set<FieldGroupRecord>().AsNoTracking()
            .Where(r => r.ClientId == clientId && r.GroupId == group!.Id)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<RecordView>(records.Select(r => RecordView.From(r, key)).ToList(), null));
    }

    private static async Task<IResult> AddRecordAsync(
        Guid clientId, string key, RecordRequest? request, ClientsDbContext db, ExistingCards cards, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (group, problem) = await FindAsync(clientId, key, db, cards, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = FieldGroupJson.CheckValues(request?.Values ?? default, FieldGroupJson.Fields(group!), new ValidationErrors());
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await db.Set<FieldGroupRecord>().CountAsync(r => r.ClientId == clientId && r.GroupId == group!.Id, cancellationToken) >= MaxRecordsPerCard)
        {
            return Problems.Conflict("too-many-records", "Too many records", $"A card holds at most {MaxRecordsPerCard} records of a group.");
        }

        var now = clock.GetUtcNow();
        var record = new FieldGroupRecord
        {
            Id = Guid.CreateVersion7(),
            ClientId = clientId,
            GroupId = group!.Id,
            Values = FieldGroupJson.WithoutNulls(request!.Values),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(record);
        var view = RecordView.From(record, key);
        db.Publish(new ClientCardChanged(
            clientId, "recordAdded", AgentActor.Of(user), $"{group.Label}: record added", null, ChangeJson.Of(view)));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/clients/{clientId}/field-groups/{key}/records/{record.Id}", view);
    }

    private static async Task<IResult> EditRecordAsync(
        Guid clientId, string key, Guid recordId, RecordRequest? request, ClientsDbContext db, ExistingCards cards,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (group, problem) = await FindAsync(clientId, key, db, cards, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = FieldGroupJson.CheckValues(request?.Values ?? default, FieldGroupJson.Fields(group!), new ValidationErrors());
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var record = await db.Set<FieldGroupRecord>()
            .SingleOrDefaultAsync(r => r.Id == recordId && r.ClientId == clientId && r.GroupId == group!.Id, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound("The card has no such record.");
        }

        var before = RecordView.From(record, key);
        record.Values = FieldGroupJson.Merge(record.Values, request!.Values);
        record.UpdatedAt = clock.GetUtcNow();
        var after = RecordView.From(record, key);
        db.Publish(new ClientCardChanged(
            clientId, "recordEdited", AgentActor.Of(user), $"{group!.Label}: record edited", ChangeJson.Of(before), ChangeJson.Of(after)));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(after);
    }

    private static async Task<IResult> RemoveRecordAsync(
        Guid clientId, string key, Guid recordId, ClientsDbContext db, ExistingCards cards, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var (group, problem) = await FindAsync(clientId, key, db, cards, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var record = await db.Set<FieldGroupRecord>()
            .SingleOrDefaultAsync(r => r.Id == recordId && r.ClientId == clientId && r.GroupId == group!.Id, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound("The card has no such record.");
        }

        db.Remove(record);
        db.Publish(new ClientCardChanged(
            clientId, "recordRemoved", AgentActor.Of(user), $"{group!.Label}: record removed", ChangeJson.Of(RecordView.From(record, key)), null));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<(FieldGroup? Group, IResult? Problem)> FindAsync(
        Guid clientId, string key, ClientsDbContext db, ExistingCards cards, CancellationToken cancellationToken)
    {
        if (!await cards.ExistsAsync(clientId, cancellationToken))
        {
            return (null, Problems.NotFound("No such client."));
        }

        var group = await db.Set<FieldGroup>().AsNoTracking().SingleOrDefaultAsync(g => g.Key == key, cancellationToken);
        return group is null ? (null, Problems.NotFound($"No field group '{key}'.")) : (group, null);
    }
}
