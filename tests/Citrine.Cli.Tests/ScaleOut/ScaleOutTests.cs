using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Citrine.Contracts;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Cli.Tests.ScaleOut;

/// <summary>
/// Issue 13, scale-out: three stateless nodes on one PostgreSQL decide every race through the database, and a node
/// killed under load loses nothing it acknowledged while the others deliver the webhooks it had claimed
/// (docs/deployment.md).
/// </summary>
public sealed class ScaleOutTests
{
    private const string CreatePath = "/binancepay/openapi/v2/order";
    private const string QueryPath = "/binancepay/openapi/v2/order/query";

    [Fact]
    public async Task Races_spread_over_three_nodes_have_exactly_one_winner()
    {
        await using var nodes = await ThreeNodes.StartAsync();
        var clients = nodes.Clients;

        // The same merchantTradeNo created on every node at once: one order, two 400201.
        for (var round = 0; round < 10; round++)
        {
            var tradeNo = Orders.NewTradeNo();
            var answers = await Task.WhenAll(clients.Select(c => c.PostAsync(CreatePath, Orders.V2(tradeNo))));
            answers.Count(a => a.Code == ResultCodes.Success.Code).ShouldBe(1, string.Join('\n', answers));
            answers.Where(a => a.Code != ResultCodes.Success.Code)
                .ShouldAllBe(a => a.Code == ResultCodes.InvalidMerchantTradeNo.Code);
        }

        // The same signed request (one nonce) sent to every node at once: one is served, the others are replays.
        for (var round = 0; round < 10; round++)
        {
            var body = JsonSerializer.Serialize(Orders.V2());
            var nonce = Nonce.Create();
            var timestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var answers = await Task.WhenAll(clients.Select(c =>
                c.PostRawAsync(CreatePath, body, nonce: nonce, timestampMs: timestampMs)));
            answers.Count(a => a.Code == ResultCodes.Success.Code).ShouldBe(1, string.Join('\n', answers));
            answers.Where(a => a.Code != ResultCodes.Success.Code)
                .ShouldAllBe(a => a.Code == ResultCodes.InvalidRequest.Code);
        }

        // Pay on one node against close on another: one wins, and the order shows that one.
        for (var round = 0; round < 10; round++)
        {
            var prepayId = await clients[round % 3].CreateOrderAsync();
            var both = await Task.WhenAll(
                clients[(round + 1) % 3].SandboxPayAsync(prepayId, nodes.BuyerId),
                clients[(round + 2) % 3].CloseAsync(prepayId));
            var paid = both[0].Code == ResultCodes.Success.Code;
            var closed = both[1].Code == ResultCodes.Success.Code;
            (paid ^ closed).ShouldBeTrue($"pay: {both[0]}\nclose: {both[1]}");
            var status = (await clients[round % 3].QueryAsync(prepayId)).Data.GetProperty("status").GetString();
            status.ShouldBe(paid ? "PAID" : "CANCELED");
        }

        (await nodes.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_node_killed_under_load_loses_nothing_acknowledged_and_the_others_deliver_its_webhooks()
    {
        await using var nodes = await ThreeNodes.StartAsync();
        // Slow answers keep deliveries in flight, so the killed node dies holding claims.
        nodes.Receiver.Default = Reply.Hang(TimeSpan.FromMilliseconds(300));
        var clients = nodes.Clients;
        var created = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var paid = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();

        async Task WorkAsync(int worker)
        {
            var node = worker % 3;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var tradeNo = Orders.NewTradeNo();
                    var create = await clients[node].PostAsync(CreatePath, Orders.V2(tradeNo));
                    if (create.Code != ResultCodes.Success.Code)
                    {
                        continue;
                    }

                    var prepayId = long.Parse(create.Data.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);
                    created[tradeNo] = prepayId;
                    node = (node + 1) % 3;
                    if ((await clients[node].SandboxPayAsync(prepayId, nodes.BuyerId)).Code == ResultCodes.Success.Code)
                    {
                        paid[tradeNo] = prepayId;
                    }
                }
                catch (HttpRequestException)
                {
                    // The killed node: nothing was acknowledged, so nothing is owed; go to the next node.
                    node = (node + 1) % 3;
                }
                catch (TaskCanceledException)
                {
                    node = (node + 1) % 3;
                }
            }
        }

        var workers = Enumerable.Range(0, 6).Select(WorkAsync).ToArray();
        // Kill once payments are flowing and continue until the survivors have served more: progress, not a fixed
        // time, decides, so a slow shared machine makes the test longer, not wrong.
        await UntilAsync(() => paid.Count >= 10, "ten payments before the kill");
        await nodes.KillAsync(2);
        var paidBeforeKill = paid.Count;
        await UntilAsync(() => paid.Count >= paidBeforeKill + 10, "ten payments by the surviving nodes");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        async Task UntilAsync(Func<bool> condition, string what)
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (!condition())
            {
                if (DateTime.UtcNow > until || workers.Any(w => w.IsFaulted))
                {
                    await stop.CancelAsync();
                    throw new TimeoutException($"never saw {what}: {created.Count} created, {paid.Count} paid");
                }

                await Task.Delay(50);
            }
        }

        // Every acknowledged order is there, every acknowledged payment is PAID, read through a surviving node.
        foreach (var (tradeNo, prepayId) in created)
        {
            var query = await clients[0].QueryAsync(prepayId);
            query.Code.ShouldBe(ResultCodes.Success.Code, tradeNo);
            query.Data.GetProperty("merchantTradeNo").GetString().ShouldBe(tradeNo);
            if (paid.ContainsKey(tradeNo))
            {
                query.Data.GetProperty("status").GetString().ShouldBe("PAID", tradeNo);
            }
        }

        // Every acknowledged payment's PAY_SUCCESS webhook arrives, those the dead node had claimed included.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        HashSet<string> delivered;
        while (true)
        {
            delivered = PaidTradeNos(nodes.Receiver.All);
            if (paid.Keys.All(delivered.Contains) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200);
        }

        paid.Keys.Where(t => !delivered.Contains(t)).ShouldBeEmpty("PAY_SUCCESS never delivered");
        (await nodes.AuditAsync()).ShouldBeEmpty();
    }

    private static HashSet<string> PaidTradeNos(IEnumerable<ReceivedRequest> requests)
    {
        var tradeNos = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            using var body = JsonDocument.Parse(request.Body);
            if (body.RootElement.GetProperty("bizStatus").GetString() != "PAY_SUCCESS")
            {
                continue;
            }

            using var data = JsonDocument.Parse(body.RootElement.GetProperty("data").GetString()!);
            tradeNos.Add(data.RootElement.GetProperty("merchantTradeNo").GetString()!);
        }

        return tradeNos;
    }
}
