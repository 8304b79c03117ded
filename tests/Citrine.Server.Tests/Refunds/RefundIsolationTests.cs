using System.Globalization;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Refunds;

/// <summary>
/// Refund settlement settles each refund on its own (issue 12): a refund that can never settle is parked and does not
/// hold back other merchants' refunds, and a sandbox reset leaves no pending refund behind its deleted orders. Its own
/// servers: a parked refund keeps its hold, which the other refund tests would see.
/// </summary>
public abstract class RefundIsolationTests(ServerFixture fixture)
{
    private const string RefundPath = "/binancepay/openapi/order/refund";
    private const string QueryPath = "/binancepay/openapi/order/refund/query";

    private TestServer Server => fixture.Server;

    private async Task<(SignedHttp Client, long PrepayId)> PaidOrderAsync(SignedHttp? client = null)
    {
        client ??= Server.Signed(await Server.CreateMerchantAsync());
        var buyerId = await Server.CreateBuyerAsync("Alice", new() { ["USDT"] = "1000" });
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 10m));
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
        return (client, prepayId);
    }

    private static async Task<string> RefundAsync(SignedHttp client, long prepayId)
    {
        var id = Guid.NewGuid().ToString("N");
        var answer = await client.PostAsync(RefundPath, new Dictionary<string, object?>
        {
            ["refundRequestId"] = id,
            ["prepayId"] = prepayId.ToString(CultureInfo.InvariantCulture),
            ["refundAmount"] = 1m,
        });
        answer.Code.ShouldBe("000000", answer.ToString());
        return id;
    }

    private static async Task ShouldSettleAsync(SignedHttp client, string refundRequestId)
    {
        for (var i = 0; i < 200; i++)
        {
            var answer = await client.PostAsync(QueryPath, new { refundRequestId });
            answer.Code.ShouldBe("000000", answer.ToString());
            if (answer.Data.GetProperty("refundStatus").GetString() is var status and not "REFUND_PENDING")
            {
                status.ShouldBe("REFUND_SUCCESS");
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"refund {refundRequestId} still pending");
    }

    /// <summary>Deletes the order row under a still pending refund, as a reset racing the refund did before resets
    /// deleted refunds too; false when
    /// the refund settled first. Locks the order row before reading the refund, the settler's lock order.</summary>
    private Task<bool> DeleteOrderUnderPendingRefundAsync(long prepayId) =>
        Server.Database.WriteAsync(async (c, ct) =>
        {
            async Task<object?> RunAsync(string sql)
            {
                await using var command = c.CreateCommand();
                command.CommandText = sql;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p";
                parameter.Value = prepayId;
                command.Parameters.Add(parameter);
                return await command.ExecuteScalarAsync(ct);
            }

            await RunAsync("UPDATE orders SET refund_count = refund_count WHERE prepay_id = @p");
            if (await RunAsync("SELECT status FROM refunds WHERE prepay_id = @p") as string != "REFUND_PENDING")
            {
                return false;
            }

            // What the reset does with a deleted paid order, so that the ledger auditor still accepts its journals.
            await RunAsync(
                """
                INSERT INTO sandbox_reset_orders (prepay_id, merchant_id, reset_at_ms)
                SELECT prepay_id, merchant_id, 0 FROM orders WHERE prepay_id = @p
                """);
            await RunAsync("DELETE FROM orders WHERE prepay_id = @p");
            return true;
        }, CancellationToken.None);

    private async Task<(long Failures, string? Error, bool Parked, string Status)?> SettlementStateAsync(
        long merchantId, string refundRequestId) =>
        (await Server.QueryDbAsync(
            """
            SELECT settle_failures, last_settle_error, parked_at_ms, status FROM refunds
            WHERE merchant_id = @m AND refund_request_id = @r
            """,
            r => (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), !r.IsDBNull(2), r.GetString(3)),
            ("@m", merchantId), ("@r", refundRequestId))).Select(x => ((long, string?, bool, string)?)x)
        .SingleOrDefault();

    [Fact]
    public async Task A_refund_whose_order_is_gone_is_parked_and_other_merchants_refunds_settle()
    {
        // The poison refund is created first, so it heads every batch the loop lists.
        SignedHttp? poisonClient = null;
        string? poisonId = null;
        for (var attempt = 0; attempt < 20 && poisonId is null; attempt++)
        {
            var (client, prepayId) = await PaidOrderAsync();
            var id = await RefundAsync(client, prepayId);
            if (await DeleteOrderUnderPendingRefundAsync(prepayId))
            {
                (poisonClient, poisonId) = (client, id);
            }
        }

        poisonId.ShouldNotBeNull("a refund was still pending when its order was deleted");
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var others = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, prepayId) = await PaidOrderAsync(other);
            others.Add(await RefundAsync(other, prepayId));
        }

        foreach (var id in others)
        {
            await ShouldSettleAsync(other, id);
        }

        var merchantId = poisonClient!.Merchant.MerchantId;
        for (var i = 0; i < 200 && (await SettlementStateAsync(merchantId, poisonId))?.Parked != true; i++)
        {
            await Task.Delay(50);
        }

        (await SettlementStateAsync(merchantId, poisonId)).ShouldBe((1L, "OrderMissing", true, "REFUND_PENDING"));

        // The loop keeps running after parking: a later refund still settles, and the parked one stays as it is.
        var (_, later) = await PaidOrderAsync(other);
        await ShouldSettleAsync(other, await RefundAsync(other, later));
        (await SettlementStateAsync(merchantId, poisonId)).ShouldBe((1L, "OrderMissing", true, "REFUND_PENDING"));
    }

    [Fact]
    public async Task A_sandbox_reset_right_after_a_refund_leaves_no_refund_behind_and_others_settle()
    {
        var (client, prepayId) = await PaidOrderAsync();
        var resetId = await RefundAsync(client, prepayId);
        var reset = await client.PostAsync("/sandbox/reset", new { });
        reset.Code.ShouldBe("000000", reset.ToString());
        reset.Data.GetProperty("ordersDeleted").GetInt32().ShouldBe(1);

        (await SettlementStateAsync(client.Merchant.MerchantId, resetId)).ShouldBeNull();
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var (_, otherOrder) = await PaidOrderAsync(other);
        await ShouldSettleAsync(other, await RefundAsync(other, otherOrder));
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM refunds WHERE settle_failures > 0 AND merchant_id = @m",
            ("@m", client.Merchant.MerchantId))).ShouldBe(0);

        // The same merchant starts afresh: a new paid order refunds and settles.
        var (_, fresh) = await PaidOrderAsync(client);
        await ShouldSettleAsync(client, await RefundAsync(client, fresh));
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteRefundIsolationTests(SqliteRefundServer fixture)
    : RefundIsolationTests(fixture), IClassFixture<SqliteRefundServer>;

public sealed class PostgresRefundIsolationTests(PostgresRefundServer fixture)
    : RefundIsolationTests(fixture), IClassFixture<PostgresRefundServer>;
