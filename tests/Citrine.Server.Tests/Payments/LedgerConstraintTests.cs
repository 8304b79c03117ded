using System.Data.Common;
using Citrine.Testing;

namespace Citrine.Server.Tests.Payments;

/// <summary>
/// The ledger's rules hold in the database itself, whatever code writes to it: wallets cannot go negative, journals
/// and postings cannot be changed or deleted, an order cannot get two payment journals. And the auditor notices
/// a ledger that is off.
/// </summary>
public abstract class LedgerConstraintTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData("buyer:1")]
    [InlineData("merchant:1")]
    [InlineData("platform:fees")]
    public async Task A_wallet_balance_below_zero_is_refused_by_the_database(string account)
    {
        await ShouldFailAsync($"INSERT INTO balances (account, asset, units) VALUES ('{account}', 'T1', -1)");
        var buyerId = await Server.CreateBuyerAsync("Check", new() { ["USDT"] = "1" });
        await ShouldFailAsync($"UPDATE balances SET units = -1 WHERE account = 'buyer:{buyerId}'");
        (await Server.BalanceUnitsAsync($"buyer:{buyerId}", "USDT")).ShouldBe(100_000_000);
    }

    [Fact]
    public async Task The_mint_and_the_exchange_may_go_negative()
    {
        await using var server = await TestServer.StartAsync(fixture.Store, ServerTuning.Busy);
        await ExecuteAsync(server, "INSERT INTO balances (account, asset, units) VALUES ('platform:exchange', 'T2', -5)");
        await ExecuteAsync(server, "INSERT INTO balances (account, asset, units) VALUES ('sandbox:mint', 'T2', -5)");
        (await server.BalanceUnitsAsync("platform:exchange", "T2")).ShouldBe(-5);
    }

    [Theory]
    [InlineData("UPDATE postings SET units = units + 1")]
    [InlineData("DELETE FROM postings")]
    [InlineData("UPDATE journals SET kind = 'X'")]
    [InlineData("DELETE FROM journals")]
    public async Task Journals_and_postings_are_append_only(string sql)
    {
        await Server.CreateBuyerAsync("Ledger", new() { ["USDT"] = "1" });
        await ShouldFailAsync(sql);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_order_cannot_get_a_second_payment_journal()
    {
        await using var server = await TestServer.StartAsync(fixture.Store, ServerTuning.Busy);
        const string Insert = "INSERT INTO journals (kind, reference, order_id, created_at_ms) VALUES ('PAYMENT', 'x', 42, 0)";
        await ExecuteAsync(server, Insert);
        await Should.ThrowAsync<DbException>(() => ExecuteAsync(server, Insert));
        (await server.AuditAsync()).ShouldContain(f => f.StartsWith("journal without postings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_auditor_reports_an_unbalanced_journal_and_a_drifted_balance()
    {
        await using var server = await TestServer.StartAsync(fixture.Store, ServerTuning.Busy);
        var buyerId = await server.CreateBuyerAsync("Audited", new() { ["USDT"] = "10" });
        (await server.AuditAsync()).ShouldBeEmpty();

        await server.Database.WriteAsync(async (c, ct) =>
        {
            await Exec(c, $"INSERT INTO journals (kind, reference, created_at_ms) VALUES ('FUNDING', 'bad', 0)", ct);
            await Exec(c,
                $"INSERT INTO postings (journal_id, account, asset, units) SELECT MAX(journal_id), 'buyer:{buyerId}', 'USDT', 7 FROM journals",
                ct);
            return 0;
        }, CancellationToken.None);

        var findings = await server.AuditAsync();
        findings.ShouldContain(f => f.StartsWith("journal does not balance", StringComparison.Ordinal));
        findings.ShouldContain(f => f.StartsWith("balance differs from its postings", StringComparison.Ordinal));
    }

    private static Task<int> ExecuteAsync(TestServer server, string sql) =>
        server.Database.WriteAsync((c, ct) => Exec(c, sql, ct), CancellationToken.None);

    private async Task ShouldFailAsync(string sql)
    {
        var error = await Should.ThrowAsync<DbException>(() => ExecuteAsync(Server, sql));
        error.Message.ShouldNotBeNullOrEmpty();
    }

    private static async Task<int> Exec(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(ct);
    }
}

public sealed class SqliteLedgerConstraintTests(SqlitePaymentServer fixture) : LedgerConstraintTests(fixture),
    IClassFixture<SqlitePaymentServer>;

public sealed class PostgresLedgerConstraintTests(PostgresPaymentServer fixture) : LedgerConstraintTests(fixture),
    IClassFixture<PostgresPaymentServer>;
