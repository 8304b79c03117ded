using System.Globalization;
using Citrine.Application;
using Citrine.Application.Configuration;
using Citrine.Storage.Postgres;
using Citrine.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Citrine.Storage;

/// <summary>
/// Opens the configured database and applies migrations. A database that cannot be reached or opened is a
/// <see cref="ConfigurationException"/> (one line naming the setting), never a provider's stack trace.
/// </summary>
public static class StorageFactory
{
    private const string PostgresSetting = "Citrine:PostgresConnectionString";
    private const string DataDirectorySetting = "Citrine:DataDirectory";

    // SQLite result codes that mean the file cannot serve as Citrine's database (https://sqlite.org/rescode.html).
    private static readonly int[] SqliteFileErrors = [3 /* PERM */, 8 /* READONLY */, 11 /* CORRUPT */,
        14 /* CANTOPEN */, 26 /* NOTADB */];

    public static async Task<Database> OpenAsync(CitrineOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Database database;
        if (CitrineOptionsValidator.IsPostgres(options.Storage))
        {
            var connectionString = options.PostgresConnectionString is { Length: > 0 } configured
                ? configured
                : throw new ConfigurationException(PostgresSetting, "is required when Citrine:Storage is postgres",
                    CitrineOptionsValidator.FixFor("PostgresConnectionString"));
            var builder = ParsePostgres(connectionString);
            await ProbePostgresAsync(builder, cancellationToken).ConfigureAwait(false);
            database = PostgresDatabase.Open(connectionString, options.WriteQueueCapacity);
        }
        else if (string.Equals(options.Storage, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                database = await SqliteDatabase.OpenAsync(options.DataDirectory, options.WriteQueueCapacity,
                        cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SqliteException e) when (SqliteFileErrors.Contains(e.SqliteErrorCode))
            {
                throw SqliteFileError(options, e);
            }
        }
        else
        {
            throw new ConfigurationException("Citrine:Storage", $"'{options.Storage}' is not a storage provider",
                CitrineOptionsValidator.FixFor("Storage"));
        }

        try
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException { SqliteErrorCode: var code } && SqliteFileErrors.Contains(code)
                                  || e is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw e is SqliteException sqlite
                ? SqliteFileError(options, sqlite)
                : new ConfigurationException(PostgresSetting,
                    $"its user may not create Citrine's tables ({((PostgresException)e).MessageText})",
                    "grant the user CREATE on the database's schema, or connect as the database's owner", e);
        }

        return database;
    }

    private static ConfigurationException SqliteFileError(CitrineOptions options, SqliteException e) => new(
        DataDirectorySetting,
        $"{Path.GetFullPath(Path.Combine(options.DataDirectory, "citrine.db"))} cannot be used as Citrine's database ({e.Message.TrimEnd('.')})",
        "point Citrine:DataDirectory (or --data-dir) at a writable directory holding a Citrine database, or at a new empty one",
        e);

    private static NpgsqlConnectionStringBuilder ParsePostgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException
                                      or OverflowException)
        {
            // The provider's message names the keyword, never the password.
            var reason = e is ArgumentException { ParamName: { } name }
                ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
                : e.Message;
            throw new ConfigurationException(PostgresSetting, $"is malformed ({reason.TrimEnd('.')})",
                CitrineOptionsValidator.FixFor("PostgresConnectionString"), e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationException(PostgresSetting, "is malformed (it has no Host)",
                CitrineOptionsValidator.FixFor("PostgresConnectionString"));
        }

        return builder;
    }

    private static async Task ProbePostgresAsync(NpgsqlConnectionStringBuilder builder,
        CancellationToken cancellationToken)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}");
        try
        {
            await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
            await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new ConfigurationException(PostgresSetting,
                $"PostgreSQL at {where} refused the connection: {e.MessageText.TrimEnd('.')} (SQLSTATE {e.SqlState})",
                "correct Username, Password and Database, or create the database and user", e);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException
                                      or System.Net.Sockets.SocketException)
        {
            throw new ConfigurationException(PostgresSetting,
                $"cannot connect to PostgreSQL at {where} ({Innermost(e).Message.TrimEnd('.')})",
                "start PostgreSQL there, or correct Host and Port", e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
