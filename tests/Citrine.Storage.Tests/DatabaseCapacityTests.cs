using Citrine.Application.Backpressure;
using Citrine.Storage.Postgres;
using Citrine.Storage.Sqlite;
using Citrine.Testing;
using Npgsql;

namespace Citrine.Storage.Tests;

/// <summary>
/// The bounds and retries of the two databases (docs/architecture.md#backpressure): a request's write beyond the write
/// queue is refused at once while other writes are not refused (on SQLite they wait for room); on PostgreSQL a transaction the server aborted
/// (serialization failure, deadlock, its connection killed) runs again whole, a failure that keeps coming back is
/// <see cref="StorageUnavailableException"/> with nothing committed, and other errors are not retried.
/// </summary>
public abstract class DatabaseCapacityTests(Store store) : IAsyncLifetime
{
    protected const int Capacity = 2;

    protected Database Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = store == Store.Sqlite
            ? await SqliteDatabase.OpenAsync(TestDatabases.NewSqliteDirectory(), Capacity, CancellationToken.None)
            : PostgresDatabase.Open(await TestDatabases.NewPostgresDatabaseAsync(), Capacity);
        await Database.WriteAsync((c, ct) => c.ExecuteAsync("CREATE TABLE t (x BIGINT NOT NULL)", ct),
            CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Past_capacity_a_requests_write_is_refused_at_once_and_any_other_write_waits_for_room()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holders = new List<Task<int>>();
        Task<int> Hold(long x) => HoldAsync(x, gate.Task);

        try
        {
            // SQLite: one write holds the writer (it must be running before the others queue, or one batch would
            // take them all) and Capacity more fill the queue. PostgreSQL: Capacity writes in flight.
            holders.Add(Hold(1));
            if (store == Store.Sqlite)
            {
                await WaitForAsync(() => Database.PendingWrites == 0);
            }

            holders.AddRange(Enumerable.Range(2, Capacity - (store == Store.Sqlite ? 0 : 1)).Select(x => Hold(x)));
            if (store == Store.Sqlite)
            {
                await WaitForAsync(() => Database.PendingWrites == Capacity);
            }

            WriteAdmission.RefusesWhenFull.ShouldBeFalse("the mark of a request must not leak to its caller");
            var refused = await Should.ThrowAsync<ServerBusyException>(() => AsRequestAsync(() =>
                Database.WriteAsync(Insert(99), CancellationToken.None)));
            refused.Message.ShouldNotBeNullOrWhiteSpace();
            WriteAdmission.RefusesWhenFull.ShouldBeFalse("the mark of a request must not leak to its caller");
            // Not a request's write: SQLite queues it behind the full queue; PostgreSQL runs it beside the others (its
            // pool is the only bound there).
            var other = Database.WriteAsync(Insert(42), CancellationToken.None);
            if (store == Store.Sqlite)
            {
                await Task.Delay(100);
                other.IsCompleted.ShouldBeFalse("a write outside a request waits for room");
            }
            else
            {
                (await other).ShouldBe(1);
            }

            holders.Add(other);
        }
        finally
        {
            gate.TrySetResult();
            await Task.WhenAll(holders);
        }

        var rows = await Database.ReadAsync((c, ct) => c.QueryAsync("SELECT x FROM t ORDER BY x", r => r.GetInt64(0),
            ct), CancellationToken.None);
        rows.ShouldBe([.. Enumerable.Range(1, holders.Count - 1).Select(x => (long)x), 42L]);
        (await AsRequestAsync(() => Database.WriteAsync(Insert(7), CancellationToken.None))).ShouldBe(1);
    }

    /// <summary>A write that inserts <paramref name="x"/> once <paramref name="gate"/> opens, holding its place until
    /// then (SQLite's writer, or a PostgreSQL connection).</summary>
    protected Task<int> HoldAsync(long x, Task gate) => Database.WriteAsync(async (c, ct) =>
    {
        await gate;
        return await Insert(x)(c, ct);
    }, CancellationToken.None);

    protected static Func<System.Data.Common.DbConnection, CancellationToken, Task<int>> Insert(long x) =>
        (c, ct) => c.ExecuteAsync("INSERT INTO t (x) VALUES (@x)", ct, ("@x", x));

    protected Task<long> RowsAsync() => Database.ReadAsync(async (c, ct) =>
        await c.ScalarLongAsync("SELECT COUNT(*) FROM t", ct) ?? 0, CancellationToken.None);

    /// <summary>Runs <paramref name="write"/> as the server runs a request's writes (refused when full).</summary>
    protected static async Task<T> AsRequestAsync<T>(Func<Task<T>> write)
    {
        WriteAdmission.RefuseWhenFull();
        return await write();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(10);
        }
    }
}

public sealed class SqliteDatabaseCapacityTests() : DatabaseCapacityTests(Store.Sqlite);

public sealed class PostgresDatabaseCapacityTests() : DatabaseCapacityTests(Store.Postgres)
{
    [Fact]
    public async Task A_serialization_failure_runs_the_whole_transaction_again()
    {
        var runs = 0;
        await Database.WriteAsync(async (c, ct) =>
        {
            await Insert(1)(c, ct);
            if (Interlocked.Increment(ref runs) == 1)
            {
                await c.ExecuteAsync("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$", ct);
            }

            return 0;
        }, CancellationToken.None);

        runs.ShouldBe(2);
        (await RowsAsync()).ShouldBe(1, "the first run's insert was rolled back with it");
        ((PostgresDatabase)Database).Retries.ShouldBe(1);
    }

    [Fact]
    public async Task A_connection_killed_inside_the_transaction_runs_it_again_on_a_new_one()
    {
        var runs = 0;
        await Database.WriteAsync(async (c, ct) =>
        {
            await Insert(1)(c, ct);
            if (Interlocked.Increment(ref runs) == 1)
            {
                await c.ExecuteAsync("SELECT pg_terminate_backend(pg_backend_pid())", ct);
            }

            return 0;
        }, CancellationToken.None);

        runs.ShouldBe(2);
        (await RowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_deadlock_that_keeps_coming_back_is_unavailable_after_the_retries_and_commits_nothing()
    {
        var runs = 0;
        var error = await Should.ThrowAsync<StorageUnavailableException>(() => Database.WriteAsync(async (c, ct) =>
        {
            Interlocked.Increment(ref runs);
            await Insert(1)(c, ct);
            return await c.ExecuteAsync("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$",
                ct);
        }, CancellationToken.None));

        runs.ShouldBe(PostgresDatabase.WriteAttempts);
        error.Message.ShouldContain("40P01");
        (await RowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_single_statement_write_that_PostgreSQL_refuses_transiently_runs_again()
    {
        // A sequence is not rolled back with the statement that drew from it: the first run fails, the second inserts.
        await Database.WriteAsync((c, ct) => c.ExecuteAsync("CREATE SEQUENCE attempts", ct), CancellationToken.None);

        await Database.WriteStatementAsync("""
            DO $$ BEGIN
                IF nextval('attempts') = 1 THEN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END IF;
                INSERT INTO t (x) VALUES (1);
            END $$
            """, CancellationToken.None);

        (await RowsAsync()).ShouldBe(1);
        ((PostgresDatabase)Database).Retries.ShouldBe(1);
    }

    [Fact]
    public async Task A_requests_single_statement_write_beyond_capacity_is_refused_at_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holders = Enumerable.Range(1, Capacity).Select(x => HoldAsync(x, gate.Task)).ToList();
        try
        {
            await Should.ThrowAsync<ServerBusyException>(() => AsRequestAsync(() => Database.WriteStatementAsync(
                "INSERT INTO t (x) VALUES (@x)", CancellationToken.None, ("@x", 99L))));
        }
        finally
        {
            gate.TrySetResult();
            await Task.WhenAll(holders);
        }

        (await Database.WriteStatementAsync("INSERT INTO t (x) VALUES (@x)", CancellationToken.None, ("@x", 7L)))
            .ShouldBe(1);
        (await RowsAsync()).ShouldBe(Capacity + 1);
    }

    [Fact]
    public async Task An_error_that_is_not_transient_is_not_retried()
    {
        var runs = 0;
        var error = await Should.ThrowAsync<PostgresException>(() => Database.WriteAsync(async (c, ct) =>
        {
            Interlocked.Increment(ref runs);
            return await c.ExecuteAsync("DO $$ BEGIN RAISE EXCEPTION 'taken' USING ERRCODE = '23505'; END $$", ct);
        }, CancellationToken.None));

        error.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        runs.ShouldBe(1);
    }
}
