using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Clients.Persistence;
using Npgsql;

namespace ModularDesk.Clients.CustomFields;

/// <summary><c>/api/v1/custom-fields</c>: every agent reads the definitions; only admins define and change them.</summary>
internal static class CustomFieldEndpoints
{
    private static readonly string[] Entities = [CustomFieldEntities.Client, CustomFieldEntities.Organization];

    public static void MapCustomFieldEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/custom-fields").RequireAuthorization(Policies.Agent).WithTags("Custom fields");
        group.MapGet("/", ListAsync).WithName("ListCustomFields").WithSummary("Custom field definitions, optionally of one entity.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).WithName("CreateCustomField")
            .WithSummary("Defines a custom field of client or organization cards.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admin).WithName("UpdateCustomField")
            .WithSummary("Changes a custom field's label or options (key, entity and type are fixed).");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Admin).WithName("DeleteCustomField")
            .WithSummary("Removes a custom field definition.");
    }

    private static async Task<IResult> ListAsync(string? entity, ClientsDbContext db, CancellationToken cancellationToken)
    {
        if (entity is not null && !Entities.Contains(entity))
        {
            return Problems.Validation("entity", "Must be client or organization.");
        }

        var fields = await db.Set<CustomFieldDefinition>().AsNoTracking()
            .Where(f => entity == null || f.Entity == entity)
            .OrderBy(f => f.Entity).ThenBy(f => f.CreatedAt).ThenBy(f => f.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<CustomFieldView>(fields.Select(CustomFieldView.From).ToList(), null));
    }

    private static async Task<IResult> CreateAsync(
        CreateCustomFieldRequest? request, ClientsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var errors = new ValidationErrors().Key("key", request.Key).Required("label", request.Label, FieldDefinitionRules.MaxLabelLength);
        if (request.Entity is null || !Entities.Contains(request.Entity))
        {
            errors.Add("entity", "Must be client or organization.");
        }

        var options = errors.TypeAndOptions(string.Empty, request.Type, request.Options);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var field = new CustomFieldDefinition
        {
            Id = Guid.CreateVersion7(),
            Entity = request.Entity!,
            Key = request.Key!,
            Label = request.Label!.Trim(),
            Type = request.Type!,
            Options = options,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(field);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict(
                "custom-field-conflict", "The key is taken", $"A custom field '{field.Key}' of {field.Entity} cards already exists.");
        }

        return TypedResults.Created($"/api/v1/custom-fields/{field.Id}", CustomFieldView.From(field));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, UpdateCustomFieldRequest? request, ClientsDbContext db, CancellationToken cancellationToken)
    {
        var field = await db.Set<CustomFieldDefinition>().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (field is null)
        {
            return Problems.NotFound("No such custom field.");
        }

        var errors = new ValidationErrors();
        if (request?.Label is not null)
        {
            errors.Required("label", request.Label, FieldDefinitionRules.MaxLabelLength);
        }

        var options = request?.Options is null ? field.Options : errors.TypeAndOptions(string.Empty, field.Type, request.Options);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        field.Label = request?.Label?.Trim() ?? field.Label;
        field.Options = options;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(CustomFieldView.From(field));
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClientsDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Set<CustomFieldDefinition>().Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problems.NotFound("No such custom field.") : TypedResults.NoContent();
    }
}
