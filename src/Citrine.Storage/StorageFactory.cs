using Citrine.Application;
using Citrine.Storage.Postgres;
using Citrine.Storage.Sqlite;

namespace Citrine.Storage;

/// <summary>Opens the configured database and applies migrations.</summary>
public static class StorageFactory
{
    public static async Task<Database> OpenAsync(CitrineOptions options, CancellationToken cancellationToken)
    {
        Database database = options.Storage.ToUpperInvariant() switch
        {
            "SQLITE" => await SqliteDatabase.OpenAsync(options.DataDirectory, cancellationToken).ConfigureAwait(false),
            "POSTGRES" or "POSTGRESQL" => PostgresDatabase.Open(options.PostgresConnectionString
                ?? throw new InvalidOperationException("Citrine:PostgresConnectionString is required for postgres storage.")),
            _ => throw new InvalidOperationException($"Unknown storage '{options.Storage}'; use sqlite or postgres."),
        };
        await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return database;
    }
}
