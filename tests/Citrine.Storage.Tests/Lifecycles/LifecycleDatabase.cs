using Citrine.Storage.Postgres;
using Citrine.Storage.Sqlite;
using Citrine.Testing;

namespace Citrine.Storage.Tests.Lifecycles;

/// <summary>One migrated database shared by a lifecycle test class; each case works on its own merchant's rows.</summary>
public abstract class LifecycleDatabase : IAsyncLifetime
{
    private Database? _database;

    public Database Database => _database ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _database = await OpenAsync();
        await _database.MigrateAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract Task<Database> OpenAsync();
}

public sealed class SqliteLifecycleDatabase : LifecycleDatabase
{
    protected override async Task<Database> OpenAsync() =>
        await SqliteDatabase.OpenAsync(TestDatabases.NewSqliteDirectory(), CancellationToken.None);
}

public sealed class PostgresLifecycleDatabase : LifecycleDatabase
{
    protected override async Task<Database> OpenAsync() =>
        PostgresDatabase.Open(await TestDatabases.NewPostgresDatabaseAsync());
}
