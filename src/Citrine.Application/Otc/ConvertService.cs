using System.Globalization;
using Citrine.Application.Sandbox;
using Citrine.Application.Wallets;
using Citrine.Contracts;
using Citrine.Domain.Otc;

namespace Citrine.Application.Otc;

/// <summary>What a merchant asked get-quote for: exactly one of the amounts, in units of 1e-8.</summary>
public sealed record QuoteCommand(long MerchantId, string Wallet, string FromAsset, string ToAsset, long? FromUnits,
    long? ToUnits);

/// <summary>A priced quote; <see cref="Quote"/> is null when the wallet cannot cover it (no quoteId then).</summary>
public sealed record QuoteAnswer(ConvertPrice Price, ConvertQuote? Quote, long ValidTimestampMs, long ExpireSeconds);

/// <summary>
/// Convert (docs/api-reference.md#convert): pairs, quotes, their execution and the trade orders. A quote is stored
/// only when the wallet holds its FROM amount (spec §7: no quoteId otherwise) and is valid for
/// <see cref="CitrineOptions.ConvertQuoteValiditySeconds"/> by the merchant's sandbox clock. Execution is one
/// transaction in the store (claim, trade, journal), then the trade settles PROCESS → SUCCESS; a trade left PROCESS by
/// a crash in between is settled by its next query.
/// </summary>
public sealed class ConvertService(IConvertStore store, IWalletStore wallets, ConvertPricing pricing,
    CitrineOptions options, TimeProvider time)
{
    public Result<IReadOnlyList<(string Coin, ConvertLimits From, ConvertLimits To)>> Pairs(string fromAsset)
    {
        if (!pricing.IsConvertible(fromAsset))
        {
            return Result<IReadOnlyList<(string, ConvertLimits, ConvertLimits)>>.Fail(
                ResultCodes.InvalidParamWrongValue, $"fromAsset: {fromAsset} cannot be converted");
        }

        var from = pricing.Limits(fromAsset);
        return Result<IReadOnlyList<(string, ConvertLimits, ConvertLimits)>>.Ok(
            [.. pricing.Targets(fromAsset).Select(to => (to, from, pricing.Limits(to)))]);
    }

    public async Task<Result<QuoteAnswer>> QuoteAsync(QuoteCommand command, CancellationToken cancellationToken)
    {
        if (!pricing.IsConvertible(command.FromAsset))
        {
            return Result<QuoteAnswer>.Fail(ResultCodes.InvalidParamWrongValue,
                $"fromAsset: {command.FromAsset} cannot be converted");
        }

        if (!pricing.Targets(command.FromAsset).Contains(command.ToAsset, StringComparer.Ordinal))
        {
            return Result<QuoteAnswer>.Fail(ResultCodes.InvalidParamWrongValue,
                $"toAsset: {command.FromAsset} cannot be converted to {command.ToAsset}");
        }

        var price = pricing.Price(command.FromAsset, command.ToAsset, command.FromUnits, command.ToUnits);
        var (field, asset, units) = command.FromUnits is not null
            ? ("fromAmount", command.FromAsset, price.FromUnits)
            : ("toAmount", command.ToAsset, price.ToUnits);
        var limits = pricing.Limits(asset);
        if (units < limits.MinUnits || units > limits.MaxUnits || price.FromUnits <= 0 || price.ToUnits <= 0)
        {
            return Result<QuoteAnswer>.Fail(ResultCodes.InvalidParamWrongValue,
                $"{field}: from {Amounts.FormatUnitsShort(limits.MinUnits)} to " +
                $"{Amounts.FormatUnitsShort(limits.MaxUnits)} {asset}");
        }

        var nowMs = time.MerchantNowMs(command.MerchantId);
        var expireMs = nowMs + (options.ConvertQuoteValiditySeconds * 1000L);
        var held = (await wallets.BalancesAsync(command.MerchantId, WalletRules.Wallet(command.Wallet),
            command.FromAsset, cancellationToken).ConfigureAwait(false)).Single().AvailableUnits;
        if (held < price.FromUnits)
        {
            return Result<QuoteAnswer>.Ok(new QuoteAnswer(price, null, expireMs, options.ConvertQuoteValiditySeconds));
        }

        var quote = new ConvertQuote(Ids.NewToken(32), command.MerchantId, command.Wallet, command.FromAsset,
            command.ToAsset, price.FromUnits, price.ToUnits, price.RatioUnits, price.InverseUnits, nowMs, expireMs,
            null);
        await store.InsertQuoteAsync(quote, cancellationToken).ConfigureAwait(false);
        return Result<QuoteAnswer>.Ok(new QuoteAnswer(price, quote, expireMs, options.ConvertQuoteValiditySeconds));
    }

    public async Task<Result<ConvertTrade>> ExecuteAsync(long merchantId, string quoteId,
        CancellationToken cancellationToken)
    {
        var createMs = time.MerchantNowMs(merchantId);
        var orderId = Ids.NewPrepayId(time.GetUtcNow().ToUnixTimeMilliseconds()).ToString(CultureInfo.InvariantCulture);
        var execution = await store.ExecuteAsync(merchantId, quoteId, orderId, createMs,
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            trade => ConvertLifecycle.Journal(trade.MerchantId, WalletRules.Wallet(trade.Wallet), trade.OrderId,
                trade.FromAsset, trade.FromUnits, trade.ToAsset, trade.ToUnits), cancellationToken)
            .ConfigureAwait(false);
        if (execution.Trade is { } trade)
        {
            // The answer is the order as created (PROCESS, as the spec's sample); settling follows at once.
            await store.SettleAsync(trade.OrderId, cancellationToken).ConfigureAwait(false);
            return Result<ConvertTrade>.Ok(trade);
        }

        return execution.Refusal switch
        {
            ConvertRefusal.Expired => Result<ConvertTrade>.Fail(ResultCodes.ConvertQuoteTimeOut,
                "quoteId: the quote has expired"),
            ConvertRefusal.Executed => Result<ConvertTrade>.Fail(ResultCodes.InvalidOrderStatus,
                $"quoteId: the quote was executed already (orderId {execution.ExistingOrderId})"),
            ConvertRefusal.InsufficientFunds => Result<ConvertTrade>.Fail(ResultCodes.AccountRemainingAmountNotEnough,
                "quoteId: the wallet holds less of the fromAsset than the quote's fromAmount"),
            _ => Result<ConvertTrade>.Fail(ResultCodes.OrderNotFound, "quoteId: no such quote"),
        };
    }

    /// <summary>A trade order of this merchant; unknown or another merchant's: 400202. One still PROCESS (a crash
    /// between execution and settling) is settled first.</summary>
    public async Task<Result<ConvertTrade>> QueryAsync(long merchantId, string orderId,
        CancellationToken cancellationToken)
    {
        var trade = await store.FindTradeAsync(merchantId, orderId, cancellationToken).ConfigureAwait(false);
        if (trade is null)
        {
            return Result<ConvertTrade>.Fail(ResultCodes.OrderNotFound, "orderId: no such trade order");
        }

        if (trade.Status == ConvertLifecycle.Initial.WireName())
        {
            await store.SettleAsync(orderId, cancellationToken).ConfigureAwait(false);
            trade = await store.FindTradeAsync(merchantId, orderId, cancellationToken).ConfigureAwait(false);
        }

        return Result<ConvertTrade>.Ok(trade!);
    }
}
