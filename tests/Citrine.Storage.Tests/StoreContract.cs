using Citrine.Application;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Application.Webhooks;
using Citrine.Domain.Orders;
using Citrine.Storage.Postgres;
using Citrine.Storage.Sqlite;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>
/// The base of every storage contract class: a fresh, migrated database of the given store per test (a SQLite file,
/// or a new PostgreSQL database on the shared cluster), and the rows most contracts start from. Each contract is an
/// abstract class run unchanged by a <c>Sqlite…</c> and a <c>Postgres…</c> subclass.
/// </summary>
public abstract class StoreContract(Store store) : IAsyncLifetime
{
    protected const int Racers = 50;
    private static long _nextId = 100_000_000;

    private Database? _database;

    protected Store Store { get; } = store;

    protected Database Database => _database ?? throw new InvalidOperationException("Not initialized.");

    protected SqlMerchantStore Merchants => new(Database);

    public async ValueTask InitializeAsync()
    {
        _database = Store == Store.Sqlite
            ? await SqliteDatabase.OpenAsync(TestDatabases.NewSqliteDirectory(), CancellationToken.None)
            : PostgresDatabase.Open(await TestDatabases.NewPostgresDatabaseAsync());
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

    protected Task<long> CountAsync(string sql, params (string Name, object? Value)[] args) =>
        Database.ReadAsync(async (c, ct) => await c.ScalarLongAsync(sql, ct, args) ?? 0, CancellationToken.None);

    /// <summary>Runs one statement in its own write (fixture rows no store writes, e.g. a bare journal).</summary>
    protected Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] args) =>
        Database.WriteAsync((c, ct) => c.ExecuteAsync(sql, ct, args), CancellationToken.None);

    /// <summary>A unique id for merchants, buyers, contracts and keys within a test run.</summary>
    protected static long NextId() => Interlocked.Increment(ref _nextId);

    protected async Task<long> NewMerchantAsync(string? webhookUrl = null)
    {
        var id = NextId();
        (await Merchants.InsertMerchantAsync(new Merchant(id, "Shop", Merchant.Active, webhookUrl, false, NowMs()),
            CancellationToken.None)).ShouldBeTrue();
        return id;
    }

    protected static Order NewOrder(long merchantId)
    {
        var now = NowMs();
        return new Order
        {
            PrepayId = Ids.NewPrepayId(now),
            MerchantId = merchantId,
            MerchantTradeNo = "t" + Guid.NewGuid().ToString("N")[..24],
            ApiVersion = 2,
            Status = OrderStatus.Initial,
            Currency = "USDT",
            AmountUnits = 2_517_000_000,
            TerminalType = "WEB",
            ProductName = "Ice Cream",
            CheckoutCode = Ids.NewToken(32),
            ExpireTimeMs = now + 3_600_000,
            CreateTimeMs = now,
        };
    }

    protected static OutboxEvent Event(Order order, string status) =>
        new(order.MerchantId, "order:" + order.PrepayId, "PAY", order.PrepayId, status, "{}", null, NowMs());

    protected static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
