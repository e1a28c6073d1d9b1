using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModularDesk.Agents.Contracts;
using ModularDesk.Agents.Persistence;
using ModularDesk.Agents.SignIn;
using ModularDesk.Agents.Staff;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Agents.Setup;

/// <summary>
/// A new desk needs someone who can sign in: when there is no active admin, create one from
/// <c>MODULARDESK_ADMIN_EMAIL</c> / <c>MODULARDESK_ADMIN_PASSWORD</c>, or with a generated password that is
/// logged once and written to <c>admin-password.txt</c> in the data directory. An existing admin is never touched.
/// </summary>
internal sealed partial class FirstAdmin(
    IServiceScopeFactory scopes, IConfiguration configuration, Passwords passwords, TimeProvider clock, ILogger<FirstAdmin> logger)
    : IStartupTask
{
    public const string PasswordFileName = "admin-password.txt";
    private const string DefaultEmail = "admin@localhost";

    /// <summary>Any constant key; every host of a desk takes the same lock, so two first starts make one admin.</summary>
    private const long LockKey = 0x4d444b_41444d;

    public int Order => -100;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        if (await db.Agents.AnyAsync(a => a.Role == Roles.Admin && a.Active, cancellationToken))
        {
            return;
        }

        var email = AgentRules.NormalizeEmail(NonEmpty(configuration["MODULARDESK_ADMIN_EMAIL"]) ?? DefaultEmail);
        var given = NonEmpty(configuration["MODULARDESK_ADMIN_PASSWORD"]);
        var password = given ?? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Email == email, cancellationToken);
        if (agent is null)
        {
            agent = new Agent { Id = Guid.CreateVersion7(), Name = "Administrator", Email = email, CreatedAt = clock.GetUtcNow() };
            db.Agents.Add(agent);
            db.Publish(new AgentCreated(agent.Id, agent.Name, agent.Email, Roles.Admin));
        }
        else
        {
            // Every admin was deactivated or demoted: the configured account becomes the way back in.
            db.Publish(new AgentUpdated(agent.Id, agent.Name, agent.Email, Roles.Admin, Active: true));
        }

        agent.Role = Roles.Admin;
        agent.Active = true;
        agent.PasswordHash = passwords.Hash(password);

        if (given is null)
        {
            // Written before the commit: if the commit fails, the next start generates and overwrites it.
            await WritePasswordFileAsync(password, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (given is null)
        {
            LogGeneratedPassword(email, password, Path.Combine(DataDirectory, PasswordFileName));
        }
        else
        {
            LogCreated(email);
        }
    }

    private string DataDirectory =>
        configuration["DataDirectory"] ?? throw new InvalidOperationException("The host did not set DataDirectory.");

    private async Task WritePasswordFileAsync(string password, CancellationToken cancellationToken)
    {
        var path = Path.Combine(DataDirectory, PasswordFileName);
        Directory.CreateDirectory(DataDirectory);

        // UnixCreateMode only applies to a new file, so an old file (maybe readable by others) is replaced.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteLineAsync(password.AsMemory(), cancellationToken);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(LogLevel.Warning,
        "Created the first admin {Email} with the generated password {Password} (also in {PasswordFile}); change it after signing in")]
    private partial void LogGeneratedPassword(string email, string password, string passwordFile);

    [LoggerMessage(LogLevel.Information, "Created the first admin {Email} with the configured password")]
    private partial void LogCreated(string email);
}
