namespace Citrine.Application.Backpressure;

/// <summary>
/// The server refused work unprocessed because a bound was reached (the database's write queue, the merchant's long
/// polls). Nothing was written. The server answers <c>409901 TOO_MANY_REQUESTS</c> with HTTP 429 and
/// <c>Retry-After</c> (docs/compatibility.md#backpressure).
/// </summary>
public sealed class ServerBusyException : Exception
{
    public ServerBusyException()
        : this("The server is busy.")
    {
    }

    public ServerBusyException(string message)
        : base(message)
    {
    }

    public ServerBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The database cannot be reached, or kept failing transiently after the retries that were safe, and nothing was
/// committed. The server answers <c>409902 SERVICE_UNAVAILABLE</c> with HTTP 503 and <c>Retry-After</c>
/// (docs/compatibility.md#backpressure). A failure whose outcome is unknown (the connection broke during the commit)
/// is never this exception: it stays an unknown error (HTTP 500), because the write may have been committed.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : this("The database is unavailable.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
