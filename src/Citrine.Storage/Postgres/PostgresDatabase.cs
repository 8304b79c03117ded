using System.Data;
using System.Data.Common;
using Npgsql;

namespace Citrine.Storage.Postgres;

/// <summary>
/// PostgreSQL through one <see cref="NpgsqlDataSource"/>. Each write is its own READ COMMITTED transaction; races are
/// decided by unique constraints and conditional updates, so several stateless nodes can share the database.
/// </summary>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource) : Database
{
    public override DatabaseKind Kind => DatabaseKind.Postgres;

    /// <summary>Statements Npgsql prepares on each connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Opens the pool. Every request runs the same few statements (nonce, key, order), so unless the connection string
    /// sets <c>Max Auto Prepare</c> they are prepared once per connection after a few uses: PostgreSQL then skips
    /// parsing and planning them on each round trip.
    /// </summary>
    public static PostgresDatabase Open(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return new(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public override async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted,
            cancellationToken).ConfigureAwait(false);
        var result = await work(connection, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
