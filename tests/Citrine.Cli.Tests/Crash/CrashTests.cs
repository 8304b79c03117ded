using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Citrine.Contracts;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Crash;

/// <summary>
/// Crash tests (issues 9 and 12, docs/testing.md#crash-tests): one real <c>citrine serve</c> process killed with
/// SIGKILL under load and started again on the same data. Nothing it acknowledged is lost, every webhook it owed is
/// delivered by the new process, payout batches caught mid-way end final with each line paid at most once, and the
/// ledger auditor is clean. Progress, not fixed sleeps, decides when to kill and when to stop, so a slow machine makes
/// these tests longer, not wrong.
/// </summary>
public abstract class CrashTests(bool postgres)
{
    private const string CreatePath = "/binancepay/openapi/v2/order";
    private const string PayoutPath = "/binancepay/openapi/payout/transfer";
    private const string PayoutQueryPath = "/binancepay/openapi/payout/query";
    private const string SplitPrefix = "/binancepay/openapi/profitsharing/v1/";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killed_under_load_and_restarted_it_loses_nothing_acknowledged_and_delivers_every_webhook()
    {
        await using var node = await CrashNode.StartAsync(postgres);
        // Slow answers keep deliveries in flight, so the process dies holding delivery claims.
        node.Receiver.Default = Reply.Hang(TimeSpan.FromMilliseconds(300));
        var buyer = await node.AdminPostAsync("/admin/buyers",
            new { name = "Crash Buyer", shared = true, funds = new Dictionary<string, string> { ["USDT"] = "10000000" } });
        var buyerId = buyer.GetProperty("buyerId").GetInt64();
        var created = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var paid = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();

        async Task WorkAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var client = node.Client;
                    var tradeNo = Orders.NewTradeNo();
                    var create = await client.PostAsync(CreatePath, Orders.V2(tradeNo));
                    if (create.Code != ResultCodes.Success.Code)
                    {
                        continue;
                    }

                    var prepayId = long.Parse(create.Data.GetProperty("prepayId").GetString()!,
                        CultureInfo.InvariantCulture);
                    created[tradeNo] = prepayId;
                    if ((await client.SandboxPayAsync(prepayId, buyerId)).Code == ResultCodes.Success.Code)
                    {
                        paid[tradeNo] = prepayId;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    // The dead process: nothing was acknowledged, so nothing is owed. Try again shortly.
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkAsync)).ToArray();
        await UntilAsync(() => paid.Count >= 10, "ten payments before the kill", workers, stop);
        await node.KillAsync();
        var paidBeforeKill = paid.Count;
        await node.RestartAsync();
        await UntilAsync(() => paid.Count >= paidBeforeKill + 10, "ten payments after the restart", workers, stop);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        foreach (var (tradeNo, prepayId) in created)
        {
            var query = await node.Client.QueryAsync(prepayId);
            query.Code.ShouldBe(ResultCodes.Success.Code, tradeNo);
            query.Data.GetProperty("merchantTradeNo").GetString().ShouldBe(tradeNo);
            if (paid.ContainsKey(tradeNo))
            {
                query.Data.GetProperty("status").GetString().ShouldBe("PAID", tradeNo);
            }
        }

        var delivered = await DeliveredAsync(node.Receiver, "PAY_SUCCESS", "merchantTradeNo", [.. paid.Keys]);
        paid.Keys.Where(t => !delivered.ContainsKey(t)).ShouldBeEmpty("PAY_SUCCESS never delivered");
        await node.KillAsync();
        (await node.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Killed_while_payout_lines_are_open_every_batch_ends_final_each_line_paid_once_one_PAYOUT_webhook()
    {
        // A slower sweep keeps accepted lines waiting, so the kill finds batches open (checked below, not assumed).
        await using var node = await CrashNode.StartAsync(postgres,
            new() { ["Citrine__SweepIntervalMs"] = "300" });
        await node.AdminPostAsync("/sandbox/wallet/fund", new
        {
            merchantId = node.Merchant.MerchantId,
            wallet = "FUNDING_WALLET",
            currency = "USDT",
            amount = "1000000",
        });
        var payIds = new List<string>();
        var buyerIds = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var id = (await node.AdminPostAsync("/admin/buyers", new { name = $"Payee {i}", shared = true }))
                .GetProperty("buyerId").GetInt64();
            buyerIds.Add(id);
            payIds.Add((await node.AdminGetAsync($"/admin/buyers/{id}")).GetProperty("payId").GetInt64()
                .ToString(CultureInfo.InvariantCulture));
        }

        var accepted = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var attempted = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var sequence = 0;

        async Task SubmitAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var requestId = "crash" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
                attempted[requestId] = true;
                try
                {
                    var answer = await node.Client.PostAsync(PayoutPath, Batch(requestId, payIds));
                    if (answer.Code == ResultCodes.Success.Code)
                    {
                        accepted[requestId] = true;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }

        var submitters = Enumerable.Range(0, 3).Select(_ => Task.Run(SubmitAsync)).ToArray();
        await UntilAsync(() => accepted.Count >= 6, "six accepted batches before the kill", submitters, stop);
        await node.KillAsync();
        var acceptedBeforeKill = accepted.Count;
        var openAtKill = await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COUNT(*) FROM payout_lines WHERE status = 'PROCESSING'"));
        openAtKill.ShouldBeGreaterThan(0, "the kill must find payout lines still open");
        await node.RestartAsync();
        await UntilAsync(() => accepted.Count >= acceptedBeforeKill + 3, "three accepted batches after the restart",
            submitters, stop);
        await stop.CancelAsync();
        await Task.WhenAll(submitters);

        // Every acknowledged batch exists and ends SUCCESS; one that was sent as the process died either never
        // reached it or ends the same way (the answer was lost, not the batch).
        var final = new List<string>();
        foreach (var requestId in attempted.Keys)
        {
            var status = await FinalStatusAsync(node, requestId);
            if (accepted.ContainsKey(requestId))
            {
                status.ShouldBe("SUCCESS", requestId);
            }

            if (status is not null)
            {
                status.ShouldBe("SUCCESS", requestId);
                final.Add(requestId);
            }
        }

        // Each line paid exactly once: the payees hold exactly what the batches paid.
        var paidUnits = await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COALESCE(SUM(amount_units), 0) FROM payout_lines WHERE status = 'SUCCESS'"));
        paidUnits.ShouldBe(final.Count * payIds.Count * 5 * LineUnits);
        (await UsdtHeldAsync(node, buyerIds)).ShouldBe(paidUnits);

        // One PAYOUT event per batch, delivered; a redelivery of it (the dead process may have sent it unrecorded)
        // carries the same data.
        var delivered = await DeliveredAsync(node.Receiver, "SUCCESS", "requestId", final, "PAYOUT");
        final.Where(r => !delivered.ContainsKey(r)).ShouldBeEmpty("PAYOUT never delivered");
        delivered.Values.ShouldAllBe(bodies => bodies.Count == 1);
        (await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE biz_type = 'PAYOUT'"))).ShouldBe(final.Count);
        await node.KillAsync();
        (await node.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Killed_while_split_lines_are_open_every_split_finishes_and_each_line_is_paid_once()
    {
        await using var node = await CrashNode.StartAsync(postgres, new() { ["Citrine__SweepIntervalMs"] = "300" });
        var payer = (await node.AdminPostAsync("/admin/buyers", new
        {
            name = "Split Payer",
            shared = true,
            funds = new Dictionary<string, string> { ["USDT"] = "1000000" },
        })).GetProperty("buyerId").GetInt64();
        var receivers = new List<(long BuyerId, string Account)>();
        for (var i = 0; i < 4; i++)
        {
            var id = (await node.AdminPostAsync("/admin/buyers", new { name = $"Share {i}", shared = true }))
                .GetProperty("buyerId").GetInt64();
            var account = (await node.AdminGetAsync($"/admin/buyers/{id}")).GetProperty("binanceId").GetInt64()
                .ToString(CultureInfo.InvariantCulture);
            (await node.Client.PostAsync(SplitPrefix + "add-receiver", new { account })).Code
                .ShouldBe(ResultCodes.Success.Code);
            receivers.Add((id, account));
        }

        var accepted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();

        async Task SplitAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var client = node.Client;
                    var order = Orders.V2(amount: 10m);
                    order["orderTags"] = new Dictionary<string, object?> { ["ifProfitSharing"] = true };
                    var prepayId = await client.CreateOrderAsync(order);
                    if ((await client.SandboxPayAsync(prepayId, payer)).Code != ResultCodes.Success.Code)
                    {
                        continue;
                    }

                    var requestId = Orders.NewTradeNo();
                    var answer = await client.PostAsync(SplitPrefix + "submit-split", new Dictionary<string, object?>
                    {
                        ["merchantRequestId"] = requestId,
                        ["prepayOrderId"] = prepayId.ToString(CultureInfo.InvariantCulture),
                        ["receiverList"] = receivers.Select(r => new Dictionary<string, object?>
                        {
                            ["account"] = r.Account,
                            ["amount"] = "0.5",
                            ["description"] = "Share.",
                        }).ToList(),
                    });
                    if (answer.Code == ResultCodes.Success.Code)
                    {
                        accepted[requestId] = prepayId;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException
                                              or InvalidOperationException)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }

        var workers = Enumerable.Range(0, 3).Select(_ => Task.Run(SplitAsync)).ToArray();
        await UntilAsync(() => accepted.Count >= 6, "six accepted splits before the kill", workers, stop);
        await node.KillAsync();
        var acceptedBeforeKill = accepted.Count;
        (await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COUNT(*) FROM split_lines WHERE status = 'PROCESSING'")))
            .ShouldBeGreaterThan(0, "the kill must find split lines still open");
        await node.RestartAsync();
        await UntilAsync(() => accepted.Count >= acceptedBeforeKill + 3, "three accepted splits after the restart",
            workers, stop);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        foreach (var (requestId, prepayId) in accepted)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                var query = await node.Client.PostAsync(SplitPrefix + "query-split", new
                {
                    merchantRequestId = requestId,
                    prepayOrderId = prepayId.ToString(CultureInfo.InvariantCulture),
                });
                query.Code.ShouldBe(ResultCodes.Success.Code, query.ToString());
                if (query.Data.GetProperty("status").GetInt32() == 2)
                {
                    break;
                }

                DateTime.UtcNow.ShouldBeLessThan(deadline, $"split {requestId} never finished");
                await Task.Delay(200);
            }
        }

        // Every line of every split (accepted, or submitted as the process died) paid exactly once.
        (await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COUNT(*) FROM split_lines WHERE status <> 'SUCCESS'"))).ShouldBe(0);
        var paidUnits = await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COALESCE(SUM(amount_units), 0) FROM split_lines WHERE status = 'SUCCESS'"));
        paidUnits.ShouldBeGreaterThanOrEqualTo(accepted.Count * receivers.Count * 50_000_000L);
        (await UsdtHeldAsync(node, receivers.Select(r => r.BuyerId))).ShouldBe(paidUnits);
        await node.KillAsync();
        (await node.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Killed_while_balance_reports_are_being_built_each_job_completes_once_with_one_BALANCE_webhook()
    {
        // A slow sweep keeps the jobs waiting, so the kill finds them open (checked below).
        await using var node = await CrashNode.StartAsync(postgres, new() { ["Citrine__SweepIntervalMs"] = "2000" });
        var today = DateTime.UtcNow.Date;
        var jobs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var answer = await node.Client.PostAsync("/binancepay/openapi/balance-report", new
            {
                reportType = "Balance",
                startDate = today.AddDays(-3 - i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                endDate = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
            answer.Code.ShouldBe(ResultCodes.Success.Code, answer.ToString());
            jobs.Add(answer.Data.GetString()![(answer.Data.GetString()!.LastIndexOf(' ') + 1)..]);
        }

        await node.KillAsync();
        (await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COUNT(*) FROM balance_reports WHERE status = 'PROCESSING'")))
            .ShouldBeGreaterThan(0, "the kill must find balance report jobs still open");
        await node.RestartAsync();

        foreach (var id in jobs)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                var query = await node.Client.PostAsync("/binancepay/openapi/balance-report/query", new { downloadId = id });
                query.Code.ShouldBe(ResultCodes.Success.Code, query.ToString());
                var status = query.Data.GetProperty("status").GetString();
                if (status != "PROCESSING")
                {
                    status.ShouldBe("SUCCESS", id);
                    break;
                }

                DateTime.UtcNow.ShouldBeLessThan(deadline, $"balance report {id} never finished");
                await Task.Delay(200);
            }
        }

        var delivered = await DeliveredAsync(node.Receiver, "BALANCE_SUCCESS", "downloadId", jobs, "BALANCE");
        jobs.Where(j => !delivered.ContainsKey(j)).ShouldBeEmpty("BALANCE never delivered");
        delivered.Values.ShouldAllBe(bodies => bodies.Count == 1);
        (await node.WithDatabaseAsync(d => d.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE biz_type = 'BALANCE'"))).ShouldBe(jobs.Count);
        await node.KillAsync();
        (await node.AuditAsync()).ShouldBeEmpty();
    }

    private const long LineUnits = 1_000_000; // 0.01 USDT

    private static Dictionary<string, object?> Batch(string requestId, List<string> payIds)
    {
        // Five lines to each payee: enough work per batch that a kill can land between its lines.
        var lines = Enumerable.Range(0, payIds.Count * 5).Select(i => new Dictionary<string, object?>
        {
            ["merchantSendId"] = "l" + i.ToString(CultureInfo.InvariantCulture),
            ["receiveType"] = "PAY_ID",
            ["receiver"] = payIds[i % payIds.Count],
            ["transferAmount"] = "0.01",
            ["transferMethod"] = "FUNDING_WALLET",
        }).ToList();
        return new()
        {
            ["requestId"] = requestId,
            ["batchName"] = "crash " + requestId,
            ["currency"] = "USDT",
            ["totalAmount"] = (lines.Count * 0.01m).ToString(CultureInfo.InvariantCulture),
            ["totalNumber"] = lines.Count,
            ["bizScene"] = "SETTLEMENT",
            ["transferDetailList"] = lines,
        };
    }

    /// <summary>What the buyers hold in USDT together, in units of 1e-8, as the admin API shows their balances.</summary>
    private static async Task<long> UsdtHeldAsync(CrashNode node, IEnumerable<long> buyerIds)
    {
        var held = 0L;
        foreach (var buyerId in buyerIds)
        {
            var balances = (await node.AdminGetAsync($"/admin/buyers/{buyerId}")).GetProperty("balances");
            held += balances.TryGetProperty("USDT", out var usdt)
                ? (long)(decimal.Parse(usdt.GetString()!, CultureInfo.InvariantCulture) * 100_000_000m)
                : 0;
        }

        return held;
    }

    /// <summary>The batch's final status once it has one; null when the batch does not exist.</summary>
    private static async Task<string?> FinalStatusAsync(CrashNode node, string requestId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await node.Client.PostAsync(PayoutQueryPath, new { requestId });
            if (answer.Code == ResultCodes.OrderNotFound.Code)
            {
                return null;
            }

            answer.Code.ShouldBe(ResultCodes.Success.Code, answer.ToString());
            var status = answer.Data.GetProperty("batchStatus").GetString();
            if (status is "SUCCESS" or "PART_SUCCESS" or "FAILED")
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"batch {requestId} still {status}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until every key has a delivered webhook of that status; returns key → distinct data bodies.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> DeliveredAsync(LoopbackReceiver receiver,
        string bizStatus, string keyField, IReadOnlyCollection<string> expected, string? bizType = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var found = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var request in receiver.All)
            {
                using var body = JsonDocument.Parse(request.Body);
                var root = body.RootElement;
                if (root.GetProperty("bizStatus").GetString() != bizStatus
                    || (bizType is not null && root.GetProperty("bizType").GetString() != bizType))
                {
                    continue;
                }

                var data = root.GetProperty("data").GetString()!;
                using var parsed = JsonDocument.Parse(data);
                var keyElement = parsed.RootElement.GetProperty(keyField);
                var key = keyElement.ValueKind == JsonValueKind.String ? keyElement.GetString()! : keyElement.GetRawText();
                if (!found.TryGetValue(key, out var bodies))
                {
                    found[key] = bodies = new HashSet<string>(StringComparer.Ordinal);
                }

                bodies.Add(data);
            }

            if (expected.All(found.ContainsKey) || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Killed_while_converting_every_acknowledged_trade_settles_once_and_no_quote_executes_twice()
    {
        await using var node = await CrashNode.StartAsync(postgres);
        await node.AdminPostAsync($"/admin/merchants/{node.Merchant.MerchantId}", new { convertEnabled = true });
        (await node.Client.PostAsync("/sandbox/wallet/fund",
            new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "1000000" })).Code.ShouldBe("000000");
        var executed = new ConcurrentDictionary<string, string>(StringComparer.Ordinal); // quoteId -> orderId
        var asked = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        async Task WorkAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var quote = await node.Client.PostAsync("/binancepay/openapi/otc-portal/get-quote", new
                    {
                        wallet = "FUNDING_WALLET",
                        fromAsset = "USDT",
                        toAsset = "BNB",
                        fromAmount = "25",
                    });
                    if (quote.Code != ResultCodes.Success.Code)
                    {
                        continue;
                    }

                    var quoteId = quote.Data.GetProperty("quoteId").GetString()!;
                    asked.Add(quoteId);
                    var execute = await node.Client.PostAsync("/binancepay/openapi/otc-portal/execute-quote",
                        new { quoteId });
                    if (execute.Code == ResultCodes.Success.Code)
                    {
                        executed[quoteId] = execute.Data.GetProperty("orderId").GetString()!;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkAsync)).ToArray();
        await UntilAsync(() => executed.Count >= 10, "ten trades before the kill", workers, stop);
        await node.KillAsync();
        var before = executed.Count;
        await node.RestartAsync();
        await UntilAsync(() => executed.Count >= before + 10, "ten trades after the restart", workers, stop);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // Every acknowledged trade is there and settled.
        foreach (var (quoteId, orderId) in executed)
        {
            var trade = await node.Client.PostAsync("/binancepay/openapi/otc-portal/query-trade-order",
                new { orderId });
            trade.Code.ShouldBe(ResultCodes.Success.Code, quoteId);
            trade.Data.GetProperty("orderStatus").GetString().ShouldBe("SUCCESS", orderId);
        }

        // A quote whose answer the kill swallowed executed entirely or not at all: executing it again is refused as
        // executed exactly when its trade is stored, and otherwise succeeds or finds it expired.
        var again = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var quoteId in asked.Where(q => !executed.ContainsKey(q)))
        {
            again[quoteId] = (await node.Client.PostAsync("/binancepay/openapi/otc-portal/execute-quote",
                new { quoteId })).Code;
        }

        await node.KillAsync();
        var trades = (await node.WithDatabaseAsync(d => d.QueryDbAsync("SELECT quote_id FROM convert_trades",
            r => r.GetString(0)))).ToHashSet(StringComparer.Ordinal);
        trades.ShouldBeSubsetOf(asked);
        executed.Keys.ShouldBeSubsetOf(trades);
        foreach (var (quoteId, code) in again)
        {
            code.ShouldBeOneOf(ResultCodes.Success.Code, ResultCodes.InvalidOrderStatus.Code,
                ResultCodes.ConvertQuoteTimeOut.Code);
            trades.Contains(quoteId).ShouldBe(code != ResultCodes.ConvertQuoteTimeOut.Code, quoteId);
        }

        (await node.AuditAsync()).ShouldBeEmpty();
    }

    private static async Task UntilAsync(Func<bool> condition, string what, Task[] workers,
        CancellationTokenSource stop)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > until || workers.Any(w => w.IsFaulted))
            {
                await stop.CancelAsync();
                var fault = workers.FirstOrDefault(w => w.IsFaulted)?.Exception;
                throw new TimeoutException($"never saw {what}", fault);
            }

            await Task.Delay(50);
        }
    }
}

public sealed class SqliteCrashTests() : CrashTests(postgres: false);

public sealed class PostgresCrashTests() : CrashTests(postgres: true);
