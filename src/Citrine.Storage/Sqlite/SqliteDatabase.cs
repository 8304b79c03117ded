using System.Data.Common;
using System.Threading.Channels;
using Citrine.Application.Backpressure;
using Microsoft.Data.Sqlite;

namespace Citrine.Storage.Sqlite;

/// <summary>
/// Embedded SQLite in WAL mode with <c>synchronous=FULL</c>. Reads run in parallel on reader connections kept open
/// with their statements compiled (<see cref="ReaderPool"/>). Writes go through one writer connection: concurrent
/// write requests queue up and the writer runs every request waiting at that moment inside one
/// <c>BEGIN IMMEDIATE</c> transaction, each in its own savepoint, then commits once (group commit: one fsync serves
/// the whole batch, and a failing request rolls back only its savepoint). The queue is bounded: when
/// <see cref="QueueCapacity"/> writes wait, a write made while serving a request fails at once with
/// <see cref="ServerBusyException"/> (the server's busy answer), and any other write waits for room
/// (<see cref="WriteAdmission"/>; docs/architecture.md#backpressure).
/// </summary>
public sealed class SqliteDatabase : Database
{
    /// <summary>Most write requests that share one commit.</summary>
    public const int WriteBatchMax = 128;

    /// <summary>Most writes waiting for the writer unless configured (<c>Citrine:WriteQueueCapacity</c>).</summary>
    public const int DefaultQueueCapacity = 4096;

    /// <summary>Distinct SQL texts the writer keeps compiled: every store's statements fit with room to spare (about
    /// 240 call sites today, migrations included).</summary>
    private const int StatementCacheCapacity = 512;

    /// <summary>Reader connections kept open between reads (<see cref="ReaderPool"/>): SQLite reads run
    /// synchronously on the thread that asked, so few are in use at once.</summary>
    private const int IdleReadersMax = 16;

    /// <summary>Texts each reader keeps compiled: the hot reads are a handful; filtered lists vary.</summary>
    private const int ReaderStatementCapacity = 64;

    private readonly string _connectionString;
    private readonly Channel<IWriteRequest> _writes;
    private readonly SqliteConnection _writer;
    private readonly StatementCache _statements;
    private readonly Task _writerLoop;
    private readonly ReaderPool _readers;
    private volatile bool _disposed;

    private SqliteDatabase(string connectionString, SqliteConnection writer, int queueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _connectionString = connectionString;
        _writer = writer;
        _statements = StatementCache.Attach(writer, StatementCacheCapacity);
        _readers = new ReaderPool(connectionString, IdleReadersMax, ReaderStatementCapacity);
        QueueCapacity = queueCapacity;
        _writes = Channel.CreateBounded<IWriteRequest>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writerLoop = Task.Run(WriterLoopAsync);
    }

    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    /// <summary>Most writes that wait for the writer; beyond it a request's write is refused.</summary>
    public int QueueCapacity { get; }

    public override int PendingWrites => _writes.Reader.Count;

    /// <summary>Path of the database file.</summary>
    public string FilePath { get; private init; } = "";

    /// <summary>Opens (creating if needed) <c>citrine.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static Task<SqliteDatabase> OpenAsync(string dataDirectory, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, DefaultQueueCapacity, cancellationToken);

    /// <summary>Opens (creating if needed) <c>citrine.db</c> in <paramref name="dataDirectory"/> with a write queue of
    /// <paramref name="queueCapacity"/>.</summary>
    public static async Task<SqliteDatabase> OpenAsync(string dataDirectory, int queueCapacity,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, "citrine.db"));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
        await writer.ExecuteAsync(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;",
            cancellationToken).ConfigureAwait(false);

        // Only the first open may create the file. A reader that opened with ReadWriteCreate after the file vanished
        // (a deleted volume, a wrong mount) would leave an empty database at the path, which then hides the real one
        // and lets later opens "succeed" against no schema; ReadWrite fails instead, and readiness reports it.
        var readers = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        return new SqliteDatabase(readers, writer, queueCapacity) { FilePath = path };
    }

    public override async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var connection = await _readers.RentAsync(cancellationToken).ConfigureAwait(false);
        var completed = false;
        try
        {
            var result = await work(connection, cancellationToken).ConfigureAwait(false);
            completed = true;
            return result;
        }
        finally
        {
            await _readers.ReturnAsync(connection, completed).ConfigureAwait(false);
        }
    }

    public override Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var request = new WriteRequest<T>(work, cancellationToken);
        if (_writes.Writer.TryWrite(request))
        {
            return request.Completion.Task;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);

        if (WriteAdmission.RefusesWhenFull)
        {
            StorageMetrics.WriteQueueRefusals.Add(1);
            throw new ServerBusyException("The database write queue is full.");
        }

        return WaitForRoomAsync(request, cancellationToken);
    }

    private async Task<T> WaitForRoomAsync<T>(WriteRequest<T> request, CancellationToken cancellationToken)
    {
        try
        {
            await _writes.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException(GetType().FullName, e);
        }

        return await request.Completion.Task.ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        _disposed = true;
        _writes.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        _statements.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _readers.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private async Task WriterLoopAsync()
    {
        var batch = new List<IWriteRequest>(WriteBatchMax);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < WriteBatchMax && _writes.Reader.TryRead(out var request))
            {
                if (!request.IsCanceled)
                {
                    batch.Add(request);
                }
            }

            if (batch.Count > 0)
            {
                await RunBatchAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task RunBatchAsync(List<IWriteRequest> batch)
    {
        try
        {
            await _writer.ExecuteAsync("BEGIN IMMEDIATE", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            batch.ForEach(r => r.Fail(e));
            return;
        }

        try
        {
            foreach (var request in batch)
            {
                await _writer.ExecuteAsync("SAVEPOINT w", CancellationToken.None).ConfigureAwait(false);
                if (await request.RunAsync(_writer).ConfigureAwait(false))
                {
                    await _writer.ExecuteAsync("RELEASE w", CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _writer.ExecuteAsync("ROLLBACK TO w; RELEASE w", CancellationToken.None)
                        .ConfigureAwait(false);
                }
            }

            await _writer.ExecuteAsync("COMMIT", CancellationToken.None).ConfigureAwait(false);
            StorageMetrics.CommitBatchSize.Record(batch.Count);
        }
        catch (Exception e)
        {
            // A savepoint step or the commit failed (SQLite itself rolls the whole transaction back on errors such
            // as SQLITE_FULL or SQLITE_IOERR): nothing of the batch is durable, so every request in it fails. The
            // writer loop must survive this, or every later write would wait forever.
            await TryRollbackAsync().ConfigureAwait(false);
            batch.ForEach(r => r.Fail(e));
            return;
        }

        batch.ForEach(r => r.Complete());
    }

    private async Task TryRollbackAsync()
    {
        try
        {
            await _writer.ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            // No transaction left to roll back.
        }
    }

    private interface IWriteRequest
    {
        bool IsCanceled { get; }

        /// <summary>Runs the work; false when it threw (its savepoint must be rolled back).</summary>
        Task<bool> RunAsync(DbConnection connection);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class WriteRequest<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) : IWriteRequest
    {
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsCanceled
        {
            get
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                Completion.TrySetCanceled(cancellationToken);
                return true;
            }
        }

        public async Task<bool> RunAsync(DbConnection connection)
        {
            try
            {
                // The work must not be abandoned half-way by its caller's token once it runs: it is inside the
                // shared transaction, so it runs to completion or throws.
                _result = await work(connection, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            catch (Exception e)
            {
                _error = e;
                return false;
            }
        }

        public void Complete()
        {
            if (_error is not null)
            {
                Completion.TrySetException(_error);
            }
            else
            {
                Completion.TrySetResult(_result!);
            }
        }

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}
