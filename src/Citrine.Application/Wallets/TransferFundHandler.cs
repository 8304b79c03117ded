using Citrine.Contracts;
using Citrine.Contracts.Wallets;

namespace Citrine.Application.Wallets;

/// <summary>What a merchant asked Transfer Fund to do.</summary>
public sealed record TransferCommand(long MerchantId, string RequestId, string Currency, long AmountUnits,
    string TransferType);

/// <summary>A transfer and whether it answers a replay of its <c>requestId</c>.</summary>
public sealed record TransferAnswer(WalletTransfer Transfer, bool Replay);

/// <summary>
/// Transfer Fund and its query (docs/api-reference.md#transfer-fund): the transfer is synchronous, so a stored
/// transfer is always <c>SUCCESS</c>; a refused one stores nothing (its requestId stays free). A replay with the same
/// currency, amount and type answers the stored transfer; the same requestId with another body is
/// <c>400001</c>, as for refunds (docs/compatibility.md#wallets).
/// </summary>
public sealed class TransferFundHandler(IWalletStore store, TimeProvider time)
{
    public async Task<Result<TransferAnswer>> HandleAsync(TransferCommand command,
        CancellationToken cancellationToken)
    {
        var existing = await store.FindTransferAsync(command.MerchantId, command.RequestId, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return Replay(existing, command);
        }

        var transfer = new WalletTransfer(command.MerchantId, command.RequestId, command.Currency,
            command.AmountUnits, command.TransferType, TransferStatusNames.Success,
            time.GetUtcNow().ToUnixTimeMilliseconds());
        var outcome = await store.TransferAsync(transfer, WalletRules.TransferJournal(transfer), cancellationToken)
            .ConfigureAwait(false);
        if (outcome.Created is { } created)
        {
            return Result<TransferAnswer>.Ok(new TransferAnswer(created, Replay: false));
        }

        if (outcome.Existing is { } raced)
        {
            return Replay(raced, command);
        }

        var (from, _) = WalletRules.Direction(command.TransferType);
        return Result<TransferAnswer>.Fail(ResultCodes.AccountRemainingAmountNotEnough,
            $"amount: the {WalletRules.WireName(from)} holds less available {command.Currency} than " +
            Amounts.FormatUnitsShort(command.AmountUnits));
    }

    /// <summary>Query by <c>tranId</c> (the requestId); unknown or another merchant's: <c>400202</c>.</summary>
    public async Task<Result<WalletTransfer>> QueryAsync(long merchantId, string tranId,
        CancellationToken cancellationToken) =>
        await store.FindTransferAsync(merchantId, tranId, cancellationToken).ConfigureAwait(false) is { } found
            ? Result<WalletTransfer>.Ok(found)
            : Result<WalletTransfer>.Fail(ResultCodes.OrderNotFound, "tranId: no transfer with this tranId");

    private static Result<TransferAnswer> Replay(WalletTransfer stored, TransferCommand command) =>
        stored.Currency == command.Currency && stored.AmountUnits == command.AmountUnits
            && stored.TransferType == command.TransferType
            ? Result<TransferAnswer>.Ok(new TransferAnswer(stored, Replay: true))
            : Result<TransferAnswer>.Fail(ResultCodes.InvalidRequest,
                "requestId: already used for a transfer with another currency, amount or transferType");
}
