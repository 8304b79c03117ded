namespace Citrine.Cli.Commands.Bench;

/// <summary>
/// One closed-loop workload: <see cref="SetupAsync"/> prepares what it needs (not measured), then each worker calls
/// <see cref="StepAsync"/> in a loop; one step is one operation, timed as a whole, whose requests go in the log.
/// </summary>
internal abstract class Scenario
{
    public abstract string Name { get; }

    /// <summary>A one-line description for the report (docs/performance.md has the long form).</summary>
    public virtual string? Note => null;

    public virtual Task SetupAsync(BenchContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs one operation; false when this worker has nothing left to do (its prepared pool is used up).</summary>
    public abstract Task<bool> StepAsync(BenchContext context, int worker, StepLog log,
        CancellationToken cancellationToken);

    public static readonly string[] Names =
        ["create-v1", "create-v2", "create-v3", "query-v2", "mixed", "pay", "refund", "pay-apply", "webhook-dispatch"];

    public static Scenario? Create(string name) => name switch
    {
        "create-v1" => new CreateScenario(1),
        "create-v2" => new CreateScenario(2),
        "create-v3" => new CreateScenario(3),
        "query-v2" => new QueryScenario(),
        "mixed" => new MixedScenario(),
        "pay" => new PayScenario(),
        "refund" => new RefundScenario(),
        "pay-apply" => new PayApplyScenario(),
        _ => null,
    };
}

/// <summary>Create Order v1, v2 or v3 with a fresh merchantTradeNo each time.</summary>
internal sealed class CreateScenario(int version) : Scenario
{
    public override string Name => $"create-v{version}";

    public override async Task SetupAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (version == 1 && context.MerchantId is null)
        {
            // v1 bodies carry merchantId; with --api-key the bench learns it from an order it queries.
            var prepayId = await context.CreateOrderAsync(1m, null, cancellationToken).ConfigureAwait(false);
            var reply = await context.Http.PostAsync(BenchPaths.QueryV2, new { prepayId }, cancellationToken)
                .ConfigureAwait(false);
            context.MerchantId = BenchContext.Require(reply, "query order").Data().GetProperty("merchantId")
                .GetInt64();
        }
    }

    public override async Task<bool> StepAsync(BenchContext context, int worker, StepLog log,
        CancellationToken cancellationToken)
    {
        var tradeNo = context.NextTradeNo();
        var (path, body) = version switch
        {
            1 => (BenchPaths.CreateV1, V1(context.MerchantId!.Value, tradeNo)),
            2 => (BenchPaths.CreateV2, BenchContext.OrderV2(tradeNo, 25.17m)),
            _ => (BenchPaths.CreateV3, V3(tradeNo)),
        };
        log.Add(await context.Http.PostAsync(path, body, cancellationToken).ConfigureAwait(false));
        return true;
    }

    private static Dictionary<string, object?> V1(long merchantId, string tradeNo) => new()
    {
        ["merchantId"] = merchantId,
        ["merchantTradeNo"] = tradeNo,
        ["tradeType"] = "APP",
        ["totalFee"] = 25.17m,
        ["currency"] = "EUR",
        ["productType"] = "Food",
        ["productName"] = "Ice Cream",
        ["productDetail"] = "Greentea ice cream cone",
    };

    private static Dictionary<string, object?> V3(string tradeNo) => new()
    {
        ["env"] = new Dictionary<string, object?> { ["terminalType"] = "APP" },
        ["merchantTradeNo"] = tradeNo,
        ["orderAmount"] = 10m,
        ["currency"] = "USDT",
        ["description"] = "Ice cream",
        ["goodsDetails"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["goodsType"] = "01", ["goodsCategory"] = "D000", ["referenceGoodsId"] = "sku1",
                ["goodsName"] = "Ice Cream",
            },
        },
    };
}

/// <summary>
/// Query Order v2 by prepayId, uniformly at random over the seeded orders when <c>--seed</c> loaded some (so the
/// lookups touch the whole table), else over 256 orders created in setup.
/// </summary>
internal class QueryScenario : Scenario
{
    public const int PoolSize = 256;

    private long[] _pool = [];

    public override string Name => "query-v2";

    public override string? Note => "by prepayId, random over the seeded orders, else over 256 created in setup";

    public override async Task SetupAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.Seeded.Count > 0)
        {
            return;
        }

        var pool = new long[PoolSize];
        await context.ParallelAsync(PoolSize, async (i, ct) =>
            pool[i] = await context.CreateOrderAsync(25.17m, null, ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        _pool = pool;
    }

    public override async Task<bool> StepAsync(BenchContext context, int worker, StepLog log,
        CancellationToken cancellationToken)
    {
        var (first, count) = context.Seeded;
        var prepayId = count > 0 ? first + Random.Shared.NextInt64(count) : _pool[Random.Shared.Next(_pool.Length)];
        log.Add(await context.Http.PostAsync(BenchPaths.QueryV2, new { prepayId }, cancellationToken)
            .ConfigureAwait(false));
        return true;
    }
}

/// <summary>One create v2 for every four queries v2 (each worker's steps 0, 5, 10, … create).</summary>
internal sealed class MixedScenario : QueryScenario
{
    private readonly int[] _counters = new int[4096];

    public override string Name => "mixed";

    public override string? Note => "1 create-v2 : 4 query-v2";

    public override async Task<bool> StepAsync(BenchContext context, int worker, StepLog log,
        CancellationToken cancellationToken)
    {
        if (_counters[worker % _counters.Length]++ % 5 == 0)
        {
            log.Add(await context.Http.PostAsync(BenchPaths.CreateV2,
                BenchContext.OrderV2(context.NextTradeNo(), 25.17m), cancellationToken).ConfigureAwait(false));
            return true;
        }

        return await base.StepAsync(context, worker, log, cancellationToken).ConfigureAwait(false);
    }
}
