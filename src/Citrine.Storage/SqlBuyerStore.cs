using System.Data.Common;
using Citrine.Application.Buyers;
using Citrine.Domain.Ledger;

namespace Citrine.Storage;

/// <summary>Sandbox buyers; their wallets are ledger balances of <c>buyer:&lt;id&gt;</c>.</summary>
public sealed class SqlBuyerStore(Database database) : IBuyerStore
{
    private const string Columns =
        "buyer_id, name, created_at_ms, binance_id, pay_id, email, mobile_code, mobile_number, owner_merchant_id, " +
        "kyc_first_name, kyc_last_name, kyc_date_of_birth, kyc_nationality, kyc_residence, kyc_incomplete";

    public Task<bool> TryInsertAsync(Buyer buyer, Journal? funding, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            if (await c.ExecuteAsync(
                    $"""
                     INSERT INTO buyers ({Columns})
                     VALUES (@id, @name, @at, @binance, @pay, @email, @code, @number, @owner, @first, @last, @birth,
                         @nationality, @residence, @incomplete) ON CONFLICT DO NOTHING
                     """, ct,
                    ("@id", buyer.BuyerId), ("@name", buyer.Name), ("@at", buyer.CreatedAtMs),
                    ("@binance", buyer.Identity.BinanceId), ("@pay", buyer.Identity.PayId),
                    ("@email", buyer.Identity.Email), ("@code", buyer.Identity.MobileCode),
                    ("@number", buyer.Identity.MobileNumber), ("@owner", buyer.OwnerMerchantId),
                    ("@first", buyer.Kyc.FirstName), ("@last", buyer.Kyc.LastName),
                    ("@birth", buyer.Kyc.DateOfBirth), ("@nationality", buyer.Kyc.Nationality),
                    ("@residence", buyer.Kyc.Residence), ("@incomplete", buyer.Kyc.Incomplete ? 1L : 0L))
                    .ConfigureAwait(false) != 1)
            {
                return false;
            }

            if (funding is not null)
            {
                var posted = await LedgerSql.PostAsync(c, funding, null, buyer.CreatedAtMs, BuyerAdmin.WalletUnitsMax,
                    ct).ConfigureAwait(false);
                if (posted == PostOutcome.Overflow)
                {
                    throw new MintExhaustedException(); // Rolls back the buyer too.
                }

                if (posted != PostOutcome.Posted)
                {
                    throw new LedgerRefusedException(posted);
                }
            }

            return true;
        }, cancellationToken);

    public async Task<FundOutcome> FundAsync(long buyerId, Journal funding, long nowMs,
        CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async (c, ct) =>
            {
                if (await c.ScalarLongAsync("SELECT 1 FROM buyers WHERE buyer_id = @id", ct, ("@id", buyerId))
                        .ConfigureAwait(false) is null)
                {
                    return FundOutcome.BuyerNotFound;
                }

                var posted = await LedgerSql.PostAsync(c, funding, null, nowMs, BuyerAdmin.WalletUnitsMax, ct)
                    .ConfigureAwait(false);
                return posted == PostOutcome.Posted ? FundOutcome.Funded : throw new LedgerRefusedException(posted);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRefusedException e)
        {
            return e.Outcome == PostOutcome.Overflow ? FundOutcome.MintExhausted : FundOutcome.LimitExceeded;
        }
    }

    public Task<Buyer?> GetAsync(long buyerId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync($"SELECT {Columns} FROM buyers WHERE buyer_id = @id", Map, ct,
            ("@id", buyerId)), cancellationToken);

    public Task<bool> SetKycAsync(long buyerId, BuyerKyc kyc, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            """
            UPDATE buyers SET kyc_first_name = @first, kyc_last_name = @last, kyc_date_of_birth = @birth,
                kyc_nationality = @nationality, kyc_residence = @residence, kyc_incomplete = @incomplete
            WHERE buyer_id = @id
            """, ct, ("@id", buyerId), ("@first", kyc.FirstName), ("@last", kyc.LastName),
            ("@birth", kyc.DateOfBirth), ("@nationality", kyc.Nationality), ("@residence", kyc.Residence),
            ("@incomplete", kyc.Incomplete ? 1L : 0L)).ConfigureAwait(false) == 1, cancellationToken);

    public async Task<IReadOnlyList<Buyer>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"SELECT {Columns} FROM buyers ORDER BY created_at_ms, buyer_id LIMIT @limit", Map, ct,
            ("@limit", (long)limit)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Buyer>> ListUsableAsync(long merchantId, int limit,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
             SELECT {Columns} FROM buyers WHERE owner_merchant_id IS NULL OR owner_merchant_id = @m
             ORDER BY created_at_ms, buyer_id LIMIT @limit
             """, Map, ct, ("@m", merchantId), ("@limit", (long)limit)), cancellationToken).ConfigureAwait(false);

    public Task<Buyer?> FindByReceiverAsync(ReceiverKind kind, long receiverId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {Columns} FROM buyers WHERE {(kind == ReceiverKind.PayId ? "pay_id" : "binance_id")} = @id", Map,
            ct, ("@id", receiverId)), cancellationToken);

    public async Task<IReadOnlyList<string>> TakenAsync(BuyerIdentity identity, CancellationToken cancellationToken)
    {
        var taken = await database.ReadAsync((c, ct) => c.QueryAsync(
            """
            SELECT 'binanceId' FROM buyers WHERE binance_id = @binance
            UNION ALL SELECT 'payId' FROM buyers WHERE pay_id = @pay
            UNION ALL SELECT 'email' FROM buyers WHERE email = @email
            UNION ALL SELECT 'mobileNumber' FROM buyers WHERE mobile_code = @code AND mobile_number = @number
            """, r => r.GetString(0), ct, ("@binance", identity.BinanceId), ("@pay", identity.PayId),
            ("@email", identity.Email), ("@code", identity.MobileCode), ("@number", identity.MobileNumber)),
            cancellationToken).ConfigureAwait(false);
        return taken;
    }

    public async Task<IReadOnlyDictionary<string, long>> BalancesAsync(string account,
        CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync((c, ct) => c.QueryAsync(
            "SELECT asset, units FROM balances WHERE account = @a ORDER BY asset", r => (r.GetString(0), r.GetInt64(1)),
            ct, ("@a", account)), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    private static Buyer Map(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetInt64(2),
        new BuyerIdentity(r.GetInt64(3), r.GetInt64(4), r.GetString(5), r.GetString(6), r.GetString(7)),
        r.NullableLong(8))
    {
        Kyc = new BuyerKyc(r.NullableString(9), r.NullableString(10), r.NullableString(11), r.NullableString(12),
            r.NullableString(13), r.GetInt64(14) != 0),
    };
}
