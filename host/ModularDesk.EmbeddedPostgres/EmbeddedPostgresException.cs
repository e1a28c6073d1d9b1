namespace ModularDesk.EmbeddedPostgres;

/// <summary>The embedded cluster could not be created or started; the message says what to do.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
