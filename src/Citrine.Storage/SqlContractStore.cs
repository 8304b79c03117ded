using Citrine.Application;
using System.Data.Common;
using Citrine.Application.DirectDebit;
using Citrine.Application.Webhooks;
using Citrine.Domain.DirectDebit;

namespace Citrine.Storage;

/// <summary>
/// Direct-debit contracts. Every transition is one conditional UPDATE on the status that returns the new row; the
/// winner writes its webhook from that row in the same transaction.
/// </summary>
public sealed class SqlContractStore(Database database) : IContractStore
{
    internal const string Columns =
        """
        pre_contract_id, contract_id, merchant_id, sub_merchant_id, merchant_contract_code, service_name,
        scenario_code, single_upper_limit_units, currency, periodic, cycle_debit_fixed, cycle_type, cycle_value,
        first_deduct_time_ms, merchant_account_no, webhook_url, sign_code, status, request_expire_time_ms,
        contract_end_time_ms, create_time_ms, buyer_id, open_user_id, signed_time_ms, termination_way,
        termination_time_ms, termination_notes, debit_count, debited_units
        """;

    // Each edge's statuses come from ContractLifecycle.Table; the time guards are the data each edge depends on.
    private static readonly string SignSql =
        $"""
        UPDATE direct_debit_contracts SET status = {Target(ContractEvent.Sign)}, buyer_id = @buyer,
            open_user_id = @open, signed_time_ms = @now
        WHERE pre_contract_id = @p AND status IN ({Sources(ContractEvent.Sign)}) AND request_expire_time_ms > @now
        """;

    /// <summary>Overdue: in a status the table lets expire and past that status's deadline.</summary>
    private static readonly string Overdue = string.Join(" OR ",
        ContractLifecycle.Table.Sources(ContractEvent.Expire)
            .Select(s => $"(status = {Literal(s)} AND {DeadlineColumn(s)} <= @now)"));

    /// <summary>The termination time of an expired contract is the deadline it missed, not the moment a sweep
    /// noticed.</summary>
    private static readonly string ExpireSql =
        $"""
        UPDATE direct_debit_contracts SET status = {Target(ContractEvent.Expire)}, termination_way = @way,
            termination_time_ms = CASE {string.Join(" ", ContractLifecycle.Table.Sources(ContractEvent.Expire)
                .Select(s => $"WHEN status = {Literal(s)} THEN {DeadlineColumn(s)}"))} END
        WHERE pre_contract_id = @p AND ({Overdue})
        """;

    private static readonly string DebitSql =
        $"""
        UPDATE direct_debit_contracts SET status = {Target(ContractEvent.Debit)}, debit_count = debit_count + 1,
            debited_units = debited_units + @amount
        WHERE contract_id = @id AND merchant_id = @m AND status IN ({Sources(ContractEvent.Debit)})
            AND contract_end_time_ms > @now AND single_upper_limit_units >= @amount AND @amount > 0
        RETURNING {Columns}
        """;

    public Task<bool> TryInsertAsync(Contract contract, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            $"""
            INSERT INTO direct_debit_contracts ({Columns}) VALUES (@pre, @id, @merchant, @sub, @code, @service,
                @scenario, @limit, @currency, @periodic, @fixed, @ctype, @cvalue, @first, @account, @webhook,
                @sign, @status, @reqexp, @end, @create, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0)
            ON CONFLICT DO NOTHING
            """, ct, ("@pre", contract.PreContractId), ("@id", contract.ContractId),
            ("@merchant", contract.MerchantId), ("@sub", contract.SubMerchantId),
            ("@code", contract.MerchantContractCode), ("@service", contract.ServiceName),
            ("@scenario", contract.ScenarioCode), ("@limit", contract.SingleUpperLimitUnits),
            ("@currency", contract.Currency), ("@periodic", contract.Periodic ? 1L : 0L),
            ("@fixed", contract.CycleDebitFixed.OrNull()), ("@ctype", contract.CycleType),
            ("@cvalue", (long?)contract.CycleValue), ("@first", contract.FirstDeductTimeMs),
            ("@account", contract.MerchantAccountNo), ("@webhook", contract.WebhookUrl), ("@sign", contract.SignCode),
            ("@status", contract.Status.StorageName()), ("@reqexp", contract.RequestExpireTimeMs),
            ("@end", contract.ContractEndTimeMs), ("@create", contract.CreateTimeMs)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<bool> MerchantContractCodeExistsAsync(long merchantId, string merchantContractCode,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => await c.ScalarLongAsync(
            "SELECT 1 FROM direct_debit_contracts WHERE merchant_id = @m AND merchant_contract_code = @code", ct,
            ("@m", merchantId), ("@code", merchantContractCode)).ConfigureAwait(false) is not null, cancellationToken);

    public Task<Contract?> FindAsync(ContractLookup lookup, CancellationToken cancellationToken) =>
        lookup.ContractId is { } id
            ? SelectOne("contract_id = @id AND merchant_id = @m", cancellationToken, ("@id", id),
                ("@m", lookup.MerchantId))
            : SelectOne("merchant_contract_code = @code AND merchant_id = @m", cancellationToken,
                ("@code", lookup.MerchantContractCode), ("@m", lookup.MerchantId));

    public Task<Contract?> FindByPreContractIdAsync(long merchantId, long preContractId,
        CancellationToken cancellationToken) =>
        SelectOne("pre_contract_id = @p AND merchant_id = @m", cancellationToken, ("@p", preContractId),
            ("@m", merchantId));

    public Task<Contract?> FindBySignCodeAsync(string signCode, CancellationToken cancellationToken) =>
        SelectOne("sign_code = @code", cancellationToken, ("@code", signCode));

    public Task<Contract?> GetAsync(long preContractId, CancellationToken cancellationToken) =>
        SelectOne("pre_contract_id = @p", cancellationToken, ("@p", preContractId));

    public Task<bool> TrySignAsync(long preContractId, long buyerId, string openUserId, long nowMs,
        Func<Contract, OutboxEvent> signedEvent, CancellationToken cancellationToken) =>
        TransitionAsync(SignSql, signedEvent, cancellationToken, ("@p", preContractId), ("@now", nowMs),
            ("@buyer", buyerId),
            ("@open", openUserId));

    public Task<bool> TryTerminateAsync(long preContractId, int way, string? notes, long nowMs,
        Func<Contract, OutboxEvent>? terminatedEvent, CancellationToken cancellationToken) =>
        TransitionAsync(TerminateSql(ContractLifecycle.TerminationEvent(way)), terminatedEvent, cancellationToken,
            ("@p", preContractId), ("@now", nowMs), ("@way", (long)way),
            ("@notes", notes));

    public Task<bool> TryExpireAsync(long preContractId, long nowMs, Func<Contract, OutboxEvent> expiredEvent,
        CancellationToken cancellationToken) =>
        TransitionAsync(ExpireSql, expiredEvent, cancellationToken, ("@p", preContractId), ("@now", nowMs),
            ("@way", (long)ContractTerminationWay.AutoExpired));

    public async Task<IReadOnlyList<Contract>> ListOverdueAsync(long nowMs, int limit,
        CancellationToken cancellationToken) =>
        await database.ReadAsync(async (c, ct) =>
        {
            // One query per status, each on its own partial index, rather than an OR that would scan the table.
            var overdue = new List<Contract>();
            foreach (var status in ContractLifecycle.Table.Sources(ContractEvent.Expire))
            {
                overdue.AddRange(await c.QueryAsync(
                    $"""
                    SELECT {Columns} FROM direct_debit_contracts
                    WHERE status = {Literal(status)}
                      AND {MerchantClockSql.Reached(DeadlineColumn(status), "direct_debit_contracts.merchant_id")}
                      AND {SqlBackgroundFailureStore.NotHeld(BackgroundRetry.ContractExpiry,
                          "direct_debit_contracts.pre_contract_id")}
                    ORDER BY {DeadlineColumn(status)} LIMIT @limit
                    """, Map, ct, ("@now", nowMs), ("@limit", (long)limit)).ConfigureAwait(false));
            }

            return overdue.OrderBy(x => x.ExpiryDeadlineMs).Take(limit).ToList();
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The check pay/apply makes inside its own ledger transaction: counts a debit of <paramref name="amountUnits"/>
    /// only if the contract is this merchant's, SIGNED, not past its end time and the amount is within
    /// <c>singleUpperLimit</c>. One conditional UPDATE: a termination committed before it makes it match nothing; a
    /// termination running at the same time waits for this row (PostgreSQL row lock, SQLite's single writer) and
    /// then finds the debit already committed. Returns the contract after the debit, or null when refused.
    /// </summary>
    public static Task<Contract?> TryDebitAsync(DbConnection connection, long merchantId, long contractId,
        long amountUnits, long nowMs, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync(DebitSql, Map, cancellationToken, ("@id", contractId), ("@m", merchantId),
            ("@amount", amountUnits), ("@now", nowMs));

    private Task<Contract?> SelectOne(string where, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {Columns} FROM direct_debit_contracts WHERE {where}", Map, ct, parameters), cancellationToken);

    private Task<bool> TransitionAsync(string updateSql, Func<Contract, OutboxEvent>? outboxEvent,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        database.WriteAsync(async (c, ct) =>
        {
            var updated = await c.QuerySingleAsync($"{updateSql} RETURNING {Columns}", Map, ct, parameters)
                .ConfigureAwait(false);
            if (updated is null)
            {
                return false;
            }

            if (outboxEvent is not null)
            {
                await OutboxSql.InsertAsync(c, outboxEvent(updated), ct).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    private static string TerminateSql(ContractEvent termination) =>
        $"""
        UPDATE direct_debit_contracts SET status = {Target(termination)}, termination_way = @way,
            termination_time_ms = @now, termination_notes = @notes
        WHERE pre_contract_id = @p AND status IN ({Sources(termination)}) AND contract_end_time_ms > @now
        """;

    private static string Literal(ContractStatus status) => LifecycleSql.Literal(ContractLifecycle.Table, status);

    private static string Target(ContractEvent contractEvent) =>
        Literal(ContractLifecycle.Table.Target(contractEvent));

    private static string Sources(ContractEvent contractEvent) => LifecycleSql.Sources(ContractLifecycle.Table,
        contractEvent, ContractLifecycle.Table.Target(contractEvent));

    /// <summary>The column holding the deadline past which a contract in <paramref name="status"/> expires.</summary>
    private static string DeadlineColumn(ContractStatus status) => status switch
    {
        ContractStatus.Initial => "request_expire_time_ms",
        ContractStatus.Signed => "contract_end_time_ms",
        _ => throw new InvalidOperationException($"A {status} contract has no expiry deadline."),
    };

    internal static Contract Map(DbDataReader r) => new()
    {
        PreContractId = r.GetInt64(0),
        ContractId = r.GetInt64(1),
        MerchantId = r.GetInt64(2),
        SubMerchantId = r.NullableLong(3),
        MerchantContractCode = r.GetString(4),
        ServiceName = r.GetString(5),
        ScenarioCode = r.GetString(6),
        SingleUpperLimitUnits = r.GetInt64(7),
        Currency = r.GetString(8),
        Periodic = r.GetInt64(9) != 0,
        CycleDebitFixed = r.NullableLong(10) is { } f ? f != 0 : null,
        CycleType = r.NullableString(11),
        CycleValue = (int?)r.NullableLong(12),
        FirstDeductTimeMs = r.NullableLong(13),
        MerchantAccountNo = r.NullableString(14),
        WebhookUrl = r.NullableString(15),
        SignCode = r.GetString(16),
        Status = ContractStatusNames.FromStorage(r.GetString(17)),
        RequestExpireTimeMs = r.GetInt64(18),
        ContractEndTimeMs = r.GetInt64(19),
        CreateTimeMs = r.GetInt64(20),
        BuyerId = r.NullableLong(21),
        OpenUserId = r.NullableString(22),
        SignedTimeMs = r.NullableLong(23),
        TerminationWay = (int?)r.NullableLong(24),
        TerminationTimeMs = r.NullableLong(25),
        TerminationNotes = r.NullableString(26),
        DebitCount = r.GetInt64(27),
        DebitedUnits = r.GetInt64(28),
    };
}
