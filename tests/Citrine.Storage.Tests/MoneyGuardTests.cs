using System.Data.Common;
using Citrine.Application.Wallets;
using Citrine.Domain.Ledger;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>
/// The database guards money whatever the code does (migration 0016, issue 12 item 7): each rule refuses a bad row
/// written directly through SQL, on both databases (CHECK constraints on PostgreSQL, triggers on SQLite), while the
/// same statement with a good value passes, so a refusal is the rule's and not a typo's. Ledger postings that would
/// take the mint out of the 64-bit range are refused cleanly (<see cref="WalletPostOutcome.MintExhausted"/>).
/// </summary>
public abstract class MoneyGuardTests(Store store) : StoreContract(store)
{
    private SqlOrderStore Orders => new(Database);

    private async Task<long> OrderAsync()
    {
        var order = NewOrder(await NewMerchantAsync());
        (await Orders.TryInsertAsync(order, CancellationToken.None)).ShouldBeTrue();
        return order.PrepayId;
    }

    private async Task ShouldRefuseAsync(string sql, params (string Name, object? Value)[] args)
    {
        var refused = await Should.ThrowAsync<DbException>(() => ExecuteAsync(sql, args));
        refused.Message.ShouldNotBeNullOrWhiteSpace();
    }

    // Each case: a statement with {0} standing for the value, a value the rule accepts, values it refuses.
    public static TheoryData<string, string, string[]> OrderCases => new()
    {
        { "refunded_units = {0}", "amount_units", ["amount_units + 1", "-1"] },
        { "commission_units = {0}", "0", ["-1", "amount_units + 1"] },
        { "last_refund_units = {0}", "amount_units", ["-1", "amount_units + 1"] },
        { "refund_count = {0}", "10", ["11", "-1"] },
        { "fiat_amount_units = {0}", "NULL", ["-1"] },
        { "amount_units = {0}", "amount_units", ["0", "-5"] },
        { "status = {0}", "'EXPIRED'", ["'SETTLED'", "'paid'"] },
    };

    [Theory]
    [MemberData(nameof(OrderCases))]
    public async Task An_order_row_breaking_a_money_rule_is_refused(string assignment, string good, string[] bad)
    {
        var prepayId = await OrderAsync();
        foreach (var value in bad)
        {
            await ShouldRefuseAsync($"UPDATE orders SET {string.Format(assignment, value)} WHERE prepay_id = @p",
                ("@p", prepayId));
        }

        (await ExecuteAsync($"UPDATE orders SET {string.Format(assignment, good)} WHERE prepay_id = @p",
            ("@p", prepayId))).ShouldBe(1);
    }

    [Fact]
    public async Task Refund_rows_keep_cumulative_amounts_at_or_above_their_own()
    {
        var prepayId = await OrderAsync();
        var merchantId = await CountAsync("SELECT merchant_id FROM orders WHERE prepay_id = @p", ("@p", prepayId));
        const string Insert =
            """
            INSERT INTO refunds (refund_id, merchant_id, refund_request_id, prepay_id, fingerprint, refund_units,
                refunded_units_after, refund_commission_units, refunded_commission_after, remaining_attempts, status,
                created_at_ms)
            VALUES (@id, @m, @r, @p, 'f', 100, @after, 10, @commissionAfter, 3, 'REFUND_PENDING', 1)
            """;
        await ShouldRefuseAsync(Insert, ("@id", NextId()), ("@m", merchantId), ("@r", "a"), ("@p", prepayId),
            ("@after", 99L), ("@commissionAfter", 10L));
        await ShouldRefuseAsync(Insert, ("@id", NextId()), ("@m", merchantId), ("@r", "b"), ("@p", prepayId),
            ("@after", 100L), ("@commissionAfter", 9L));
        var refundId = NextId();
        (await ExecuteAsync(Insert, ("@id", refundId), ("@m", merchantId), ("@r", "c"), ("@p", prepayId),
            ("@after", 100L), ("@commissionAfter", 10L))).ShouldBe(1);
        await ShouldRefuseAsync("UPDATE refunds SET settle_failures = -1 WHERE refund_id = @id", ("@id", refundId));
        await ShouldRefuseAsync("UPDATE refunds SET status = 'REFUNDED' WHERE refund_id = @id", ("@id", refundId));
    }

    [Theory]
    [InlineData("buyer:1")]
    [InlineData("merchant:1")]
    [InlineData("merchant:1:spot:freeze")]
    [InlineData("platform:fees")]
    [InlineData("platform:refunds-pending")]
    public async Task No_account_but_the_mint_and_the_exchange_may_go_below_zero(string account)
    {
        var name = account.Replace(":1", ":" + NextId(), StringComparison.Ordinal);
        await ShouldRefuseAsync("INSERT INTO balances (account, asset, units) VALUES (@a, 'USDT', -1)", ("@a", name));
        (await ExecuteAsync("INSERT INTO balances (account, asset, units) VALUES (@a, 'USDT', 0)", ("@a", name)))
            .ShouldBe(1);
        await ShouldRefuseAsync("UPDATE balances SET units = units - 1 WHERE account = @a", ("@a", name));
    }

    [Fact]
    public async Task A_balance_that_would_overflow_is_refused_and_never_stored_as_a_fraction()
    {
        var asset = "X" + NextId() % 100_000;
        (await ExecuteAsync("INSERT INTO balances (account, asset, units) VALUES ('sandbox:mint', @s, @u)",
            ("@s", asset), ("@u", long.MinValue + 5))).ShouldBe(1);

        // SQLite turns the overflowing sum into a REAL (refused by the trigger); PostgreSQL raises bigint out of range.
        await ShouldRefuseAsync("UPDATE balances SET units = units - 10 WHERE account = 'sandbox:mint' AND asset = @s",
            ("@s", asset));
        if (Store == Store.Sqlite)
        {
            // SQLite stores what it is given; a BIGINT column on PostgreSQL rounds a fraction on assignment.
            await ShouldRefuseAsync("UPDATE balances SET units = 1.5 WHERE account = 'sandbox:mint' AND asset = @s",
                ("@s", asset));
        }
        (await CountAsync("SELECT units FROM balances WHERE account = 'sandbox:mint' AND asset = @s", ("@s", asset)))
            .ShouldBe(long.MinValue + 5);
    }

    [Fact]
    public async Task Funding_that_would_take_the_mint_out_of_range_is_refused_with_nothing_written()
    {
        var wallets = new SqlWalletStore(Database);
        var asset = "Y" + NextId() % 100_000;
        (await ExecuteAsync("INSERT INTO balances (account, asset, units) VALUES ('sandbox:mint', @s, @u)",
            ("@s", asset), ("@u", long.MinValue + 5))).ShouldBe(1);
        var merchantId = NextId();
        Journal Fund(long units) => Journal.Create(JournalKinds.WalletFunding, "t",
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Spot, false), asset, units),
            new Posting(Accounts.SandboxMint, asset, -units));

        (await wallets.PostAsync(Fund(6), 1, long.MaxValue, CancellationToken.None))
            .ShouldBe(WalletPostOutcome.MintExhausted);
        (await wallets.BalancesAsync(merchantId, MerchantWalletKind.Spot, null, CancellationToken.None))
            .ShouldBeEmpty();
        (await wallets.PostAsync(Fund(5), 1, long.MaxValue, CancellationToken.None))
            .ShouldBe(WalletPostOutcome.Posted);
        (await CountAsync("SELECT units FROM balances WHERE account = 'sandbox:mint' AND asset = @s", ("@s", asset)))
            .ShouldBe(long.MinValue);
    }

    [Fact]
    public async Task Contracts_transfers_and_the_outbox_refuse_values_outside_their_rules()
    {
        await ShouldRefuseAsync(
            "INSERT INTO wallet_transfers (merchant_id, request_id, currency, amount_units, transfer_type, status, " +
            "created_at_ms) VALUES (1, 'r', 'USDT', 5, 'TO_MAIN', 'DONE', 1)");
        (await ExecuteAsync(
            "INSERT INTO wallet_transfers (merchant_id, request_id, currency, amount_units, transfer_type, status, " +
            "created_at_ms) VALUES (1, 'r', 'USDT', 5, 'TO_MAIN', 'SUCCESS', 1)")).ShouldBe(1);

        const string Outbox =
            """
            INSERT INTO webhook_outbox (merchant_id, stream_key, biz_type, biz_id, biz_status, data_json, state,
                attempts, next_attempt_at_ms, created_at_ms)
            VALUES (1, 's', 'PAY', 1, 'PAY_SUCCESS', '{}', @state, @attempts, 0, 0)
            """;
        await ShouldRefuseAsync(Outbox, ("@state", "SENT"), ("@attempts", 0L));
        await ShouldRefuseAsync(Outbox, ("@state", "PENDING"), ("@attempts", -1L));
        (await ExecuteAsync(Outbox, ("@state", "FAILED"), ("@attempts", 3L))).ShouldBe(1);
        await ShouldRefuseAsync("UPDATE webhook_outbox SET state = 'LOST'");

        var contractColumns =
            """
            INSERT INTO direct_debit_contracts (pre_contract_id, contract_id, merchant_id, merchant_contract_code,
                service_name, scenario_code, single_upper_limit_units, currency, periodic, sign_code, status,
                request_expire_time_ms, contract_end_time_ms, create_time_ms, debit_count, debited_units)
            VALUES (@id, @id, @m, @code, 's', 'c', 100, 'USDT', 0, @code, 'SIGNED', 1, 2, 1, @count, @debited)
            """;
        var merchantId = await NewMerchantAsync();
        await ShouldRefuseAsync(contractColumns, ("@id", NextId()), ("@m", merchantId), ("@code", "a"),
            ("@count", 0L), ("@debited", -1L));
        await ShouldRefuseAsync(contractColumns, ("@id", NextId()), ("@m", merchantId), ("@code", "b"),
            ("@count", -1L), ("@debited", 0L));
        (await ExecuteAsync(contractColumns, ("@id", NextId()), ("@m", merchantId), ("@code", "c"),
            ("@count", 1L), ("@debited", 100L))).ShouldBe(1);
    }
}

public sealed class SqliteMoneyGuardTests() : MoneyGuardTests(Store.Sqlite);

public sealed class PostgresMoneyGuardTests() : MoneyGuardTests(Store.Postgres);
