using System.Data.Common;
using Citrine.Storage.Sqlite;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>
/// SQLite reads run on reader connections kept open with their statements compiled (Sqlite/ReaderPool.cs): a later
/// read reuses the connection and its compiled command, still sees every commit made since, a read that failed does
/// not hand its connection on, and parallel reads of one text never share a command.
/// </summary>
public sealed class KeptReaderTests : IAsyncLifetime
{
    private const string ById = "SELECT x FROM t WHERE id = @id";

    private SqliteDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(TestDatabases.NewSqliteDirectory(), CancellationToken.None);
        await _database.WriteAsync((c, ct) => c.ExecuteAsync("CREATE TABLE t (id BIGINT PRIMARY KEY, x BIGINT NOT NULL)",
            ct), CancellationToken.None);
        await InsertAsync(1, 10);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_later_read_reuses_the_connection_and_its_compiled_command()
    {
        var (first, firstCommand) = await ReadWithCommandAsync(1);
        var (second, secondCommand) = await ReadWithCommandAsync(1);

        second.ShouldBeSameAs(first);
        secondCommand.ShouldBeSameAs(firstCommand);
    }

    [Fact]
    public async Task A_kept_reader_sees_what_was_committed_after_its_last_read()
    {
        (await ReadXAsync(1)).ShouldBe(10);
        await InsertAsync(2, 20);
        await _database.WriteAsync((c, ct) => c.ExecuteAsync("UPDATE t SET x = 11 WHERE id = 1", ct),
            CancellationToken.None);

        (await ReadXAsync(2)).ShouldBe(20);
        (await ReadXAsync(1)).ShouldBe(11);
    }

    [Fact]
    public async Task A_read_that_threw_does_not_hand_its_connection_to_the_next_read()
    {
        var (kept, _) = await ReadWithCommandAsync(1);
        DbConnection? failed = null;
        await Should.ThrowAsync<InvalidOperationException>(() => _database.ReadAsync<long>((c, _) =>
        {
            failed = c;
            throw new InvalidOperationException("the read failed");
        }, CancellationToken.None));
        failed.ShouldBeSameAs(kept);

        var (next, _) = await ReadWithCommandAsync(1);

        next.ShouldNotBeSameAs(kept);
    }

    [Fact]
    public async Task Parallel_reads_of_one_text_each_get_their_own_row()
    {
        foreach (var id in Enumerable.Range(100, 50))
        {
            await InsertAsync(id, id * 7);
        }

        var reads = Enumerable.Range(0, 400).Select(i => 100 + (i % 50))
            .Select(id => Task.Run(async () => (Id: id, X: await ReadXAsync(id)))).ToList();

        foreach (var (id, x) in await Task.WhenAll(reads))
        {
            x.ShouldBe(id * 7);
        }
    }

    private Task<int> InsertAsync(long id, long x) => _database.WriteAsync((c, ct) =>
        c.ExecuteAsync("INSERT INTO t (id, x) VALUES (@id, @x)", ct, ("@id", id), ("@x", x)), CancellationToken.None);

    private Task<long?> ReadXAsync(long id) => _database.ReadAsync((c, ct) => c.ScalarLongAsync(ById, ct, ("@id", id)),
        CancellationToken.None);

    private Task<(DbConnection Connection, DbCommand Command)> ReadWithCommandAsync(long id) =>
        _database.ReadAsync(async (c, ct) =>
        {
            (await c.ScalarLongAsync(ById, ct, ("@id", id))).ShouldBe(10);
            var command = StatementCache.Of(c)?.Rent(ById, [("@id", id)]);
            command.ShouldNotBeNull("a kept reader has a statement cache");
            return (c, command);
        }, CancellationToken.None);
}
