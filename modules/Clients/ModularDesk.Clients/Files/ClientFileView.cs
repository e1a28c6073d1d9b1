namespace ModularDesk.Clients.Files;

internal sealed record ClientFileView(Guid Id, string Name, long Size, string ContentType, DateTimeOffset CreatedAt)
{
    public static ClientFileView From(ClientFile file) => new(file.Id, file.Name, file.Size, file.ContentType, file.CreatedAt);
}

internal sealed record RenameFileRequest(string? Name);
