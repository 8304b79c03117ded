using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Citrine.Storage.Sqlite;

/// <summary>
/// Reader connections kept open between reads, each with its statements compiled (<see cref="StatementCache"/>).
/// Microsoft.Data.Sqlite pools the native connection but not the compiled statements: a read on a new connection
/// object compiled its SELECT again every time, a fifth of a query-order request's CPU (docs/performance.md,
/// "Compiled reads"). A connection serves one read at a time (it is rented, not shared), so its cached commands are
/// never used at once; a read that threw gives its connection back closed, as its state is then unknown. At most
/// <c>idleMax</c> connections wait between reads; more are closed when returned.
/// </summary>
internal sealed class ReaderPool(string connectionString, int idleMax, int statementCapacity) : IAsyncDisposable
{
    private readonly ConcurrentQueue<SqliteConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public async ValueTask<SqliteConnection> RentAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        StatementCache.Attach(connection, statementCapacity);
        return connection;
    }

    /// <summary>Keeps <paramref name="connection"/> for the next read when its read completed, else closes it.</summary>
    public async ValueTask ReturnAsync(SqliteConnection connection, bool completed)
    {
        if (completed && !_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= idleMax)
            {
                _idle.Enqueue(connection);
                if (_disposed)
                {
                    await DrainAsync().ConfigureAwait(false); // the pool closed meanwhile: close what it missed
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        await CloseAsync(connection).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DrainAsync().ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        while (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            await CloseAsync(connection).ConfigureAwait(false);
        }
    }

    private static async Task CloseAsync(SqliteConnection connection)
    {
        StatementCache.Of(connection)?.Dispose();
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
