using System.Data;
using System.Data.Common;
using Citrine.Application.Backpressure;
using Npgsql;

namespace Citrine.Storage.Postgres;

/// <summary>
/// PostgreSQL through one <see cref="NpgsqlDataSource"/>. Each write is its own READ COMMITTED transaction; races are
/// decided by unique constraints and conditional updates, so several stateless nodes can share the database.
/// </summary>
/// <remarks>
/// Failures are sorted by what is known about the outcome (docs/architecture.md#backpressure). A write whose
/// transaction the server aborted before the commit (serialization failure 40001, deadlock 40P01, or a connection
/// that broke while the work ran) changed nothing, so the whole transaction is run again, up to
/// <see cref="WriteAttempts"/> times; the work is a function of its connection only, so running it again is safe. A
/// connection that cannot be opened, or retries that never succeed, end in <see cref="StorageUnavailableException"/>
/// (HTTP 503). A connection that breaks during the COMMIT (or while a single-statement write runs,
/// <see cref="WriteStatementAsync"/>) leaves the outcome unknown: that error is not retried and
/// stays an unknown error (HTTP 500), as Binance answers when the execution status is unknown. Writes beyond
/// <see cref="QueueCapacity"/> waiting or running at once are refused on a request with
/// <see cref="ServerBusyException"/>, like SQLite's full queue.
/// </remarks>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource, int queueCapacity) : Database
{
    /// <summary>Statements Npgsql prepares on each connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>Runs of one write transaction before its transient failure is given up as unavailable.</summary>
    public const int WriteAttempts = 4;

    /// <summary>Opens of a connection before the database counts as unavailable.</summary>
    public const int OpenAttempts = 2;

    private int _writes;

    public PostgresDatabase(NpgsqlDataSource dataSource)
        : this(dataSource, Sqlite.SqliteDatabase.DefaultQueueCapacity)
    {
    }

    public override DatabaseKind Kind => DatabaseKind.Postgres;

    /// <summary>Most writes waiting for or holding a connection at once.</summary>
    public int QueueCapacity { get; } = queueCapacity;

    /// <summary>Reads and write transactions run again after a transient failure, since the start (for tests).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    private long _retries;

    /// <summary>
    /// Opens the pool with <see cref="Tuned"/> settings.
    /// </summary>
    public static PostgresDatabase Open(string connectionString) =>
        Open(connectionString, Sqlite.SqliteDatabase.DefaultQueueCapacity);

    /// <inheritdoc cref="Open(string)"/>
    public static PostgresDatabase Open(string connectionString, int queueCapacity) =>
        new(NpgsqlDataSource.Create(Tuned(connectionString)), queueCapacity);

    /// <summary>
    /// The connection string with Citrine's defaults for what it leaves unset (docs/performance.md, "PostgreSQL,
    /// durable"). <c>Max Auto Prepare</c>: every request runs the same few statements (nonce, key, order), so they are
    /// prepared once per connection after a few uses and PostgreSQL skips parsing and planning them on each round trip.
    /// <c>No Reset On Close</c>: Citrine sets no session state (no <c>SET</c>, <c>LISTEN</c>, temporary tables or
    /// session advisory locks; an open transaction is rolled back on return either way), so the seven-statement reset
    /// Npgsql sends with the next statement after a connection returns to the pool is pure cost: 13 % of PostgreSQL's
    /// CPU per query on the development machine.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "AutoPrepare", "Auto Prepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Mentions(connectionString, "NoResetOnClose", "No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, string name, string spacedName) =>
        connectionString.Contains(name, StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains(spacedName, StringComparison.OrdinalIgnoreCase);

    public override async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                return await work(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                // The server refused the statement (its session was terminated, a deadlock), so it had no effect.
                ForgetIdleIfServerGone(e);
                if (attempt >= WriteAttempts)
                {
                    throw new StorageUnavailableException($"The read failed transiently {attempt} times ({Describe(e)}).",
                        e);
                }

                Interlocked.Increment(ref _retries);

                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (e is not PostgresException && e.IsTransient
                                            && !cancellationToken.IsCancellationRequested)
            {
                // The connection broke under the statement. Not run again: some "reads" write without a transaction
                // (the nonce of a request), and that write may have landed. Nothing was answered yet, so the caller
                // may send a new request.
                ForgetIdleIfServerGone(e);
                throw new StorageUnavailableException("The database connection broke.", e);
            }
        }
    }

    public override Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) =>
        AdmitAsync(() => WriteOnceAsync(work, cancellationToken), cancellationToken);

    /// <summary>
    /// One statement in autocommit: PostgreSQL runs it in a transaction of its own and commits it before answering, so
    /// the write takes one round trip instead of two (<c>BEGIN</c> with the statement, then <c>COMMIT</c>). An
    /// error PostgreSQL answers means the statement did not commit, so a transient one runs it again, as a whole
    /// transaction would be. Once sent, the statement is not cancelled by the caller's token (a cancel would leave
    /// its outcome unknown); a connection that breaks while it runs does leave it unknown, the same answer as a break
    /// during a <c>COMMIT</c>.
    /// </summary>
    public override Task<int> WriteStatementAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        AdmitAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await connection.ExecuteAsync(sql, CancellationToken.None, parameters).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                throw new CommitOutcomeUnknownException(e);
            }
        }, cancellationToken);

    /// <summary>Counts the write against <see cref="QueueCapacity"/> and runs it again after a transient failure.</summary>
    private async Task<T> AdmitAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _writes) > QueueCapacity && WriteAdmission.RefusesWhenFull)
        {
            Interlocked.Decrement(ref _writes);
            StorageMetrics.WriteQueueRefusals.Add(1);
            throw new ServerBusyException("Too many database writes are waiting.");
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await write().ConfigureAwait(false);
                }
                catch (Exception e) when (RunAgain(e) && !cancellationToken.IsCancellationRequested)
                {
                    if (attempt >= WriteAttempts)
                    {
                        throw new StorageUnavailableException(
                            $"The write failed transiently {attempt} times ({Describe(e)}).", e);
                    }

                    ForgetIdleIfServerGone(e);
                    Interlocked.Increment(ref _retries);
                    StorageMetrics.WriteRetries.Add(1);
                    await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _writes);
        }
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<T> WriteOnceAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted,
            cancellationToken).ConfigureAwait(false);
        var result = await work(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            // The connection broke during the commit: it may or may not have been applied. Not retried, and not
            // "unavailable" either (that answer promises nothing was done).
            throw new CommitOutcomeUnknownException(e);
        }

        return result;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when ((e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
                                      && !cancellationToken.IsCancellationRequested)
            {
                // No connection, so nothing ran: a database that restarts, refuses connections or has no free slot.
                // A timeout (the pool stayed exhausted, or the host did not answer) has already waited long enough.
                if (attempt >= OpenAttempts || e is NpgsqlException { IsTransient: false }
                    || e.InnerException is TimeoutException || e is TimeoutException)
                {
                    throw new StorageUnavailableException($"The database cannot be reached ({Describe(e)}).", e);
                }

                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A failure after which the transaction is known not to have committed and may run again.</summary>
    /// <remarks>Any error the server reports inside a transaction (serialization failure 40001, deadlock 40P01, its
    /// session terminated 57P01, …) aborts it, and an error answered to COMMIT means it did not commit; a connection
    /// that broke before the COMMIT was sent leaves a transaction the server rolls back. Only a break during the
    /// COMMIT is left out (<see cref="CommitOutcomeUnknownException"/>).</remarks>
    private static bool RunAgain(Exception e) => e is NpgsqlException { IsTransient: true };

    /// <summary>
    /// After a connection died with its server session (terminated 57P01, server shut down 57P02/57P03, connection
    /// failure 08xxx, or a broken socket), the idle connections of the pool most likely died too (a restart or a
    /// <c>pg_terminate_backend</c> of them all): the pool is cleared so that the retry gets a fresh connection
    /// instead of the next dead one.
    /// </summary>
    private void ForgetIdleIfServerGone(Exception e)
    {
        if (e is PostgresException { SqlState: var state } ? state.StartsWith("57P", StringComparison.Ordinal)
                                                             || state.StartsWith("08", StringComparison.Ordinal)
            : e is NpgsqlException)
        {
            dataSource.Clear();
        }
    }

    private static string Describe(Exception e) => e is PostgresException p ? $"SQLSTATE {p.SqlState}" : e.GetType().Name;

    // 20, 40, 80 ms with up to half taken off at random, so writes that collided do not collide again in step.
    private static TimeSpan Backoff(int attempt)
    {
        var ms = 10 << attempt;
        return TimeSpan.FromMilliseconds(ms - Random.Shared.Next(ms / 2));
    }

    /// <summary>The connection broke during COMMIT; whether the write landed is unknown (an unknown error, HTTP 500).</summary>
    private sealed class CommitOutcomeUnknownException(Exception inner)
        : Exception("The connection broke during the commit; the write may or may not have been applied.", inner);
}
