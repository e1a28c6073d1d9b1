using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Persistence;
using Npgsql;

namespace ModularDesk.Clients.CustomerTypes;

/// <summary><c>/api/v1/customer-types</c> (O8): agents read the list, admins add and remove entries.</summary>
internal static class CustomerTypeEndpoints
{
    public const int MaxNameLength = 100;

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    public static void MapCustomerTypeEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/customer-types").RequireAuthorization(Policies.Agent).WithTags("Customer types");
        group.MapGet("/", ListAsync).WithName("ListCustomerTypes").WithSummary("The customer types, oldest first.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).WithName("CreateCustomerType")
            .WithSummary("Adds a customer type; names are unique ignoring case.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Admin).WithName("DeleteCustomerType")
            .WithSummary("Removes a customer type from the list (cards keep the value they have).");
    }

    private static async Task<IResult> ListAsync(ClientsDbContext db, CancellationToken cancellationToken)
    {
        var types = await db.Set<CustomerType>().AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<CustomerTypeView>(types.Select(CustomerTypeView.From).ToList(), null));
    }

    private static async Task<IResult> CreateAsync(
        CreateCustomerTypeRequest? request, ClientsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("name", request?.Name, MaxNameLength);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var name = request!.Name!.Trim();
        var type = new CustomerType { Id = Guid.CreateVersion7(), Name = name, NameKey = KeyOf(name), CreatedAt = clock.GetUtcNow() };
        db.Add(type);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("customer-type-conflict", "The customer type exists", $"A customer type '{name}' already exists.");
        }

        return TypedResults.Created($"/api/v1/customer-types/{type.Id}", CustomerTypeView.From(type));
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClientsDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Set<CustomerType>().Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problems.NotFound("No such customer type.") : TypedResults.NoContent();
    }
}

internal sealed record CreateCustomerTypeRequest(string? Name);

internal sealed record CustomerTypeView(Guid Id, string Name)
{
    public static CustomerTypeView From(CustomerType type) => new(type.Id, type.Name);
}
