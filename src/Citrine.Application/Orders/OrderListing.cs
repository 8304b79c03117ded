using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;

namespace Citrine.Application.Orders;

/// <summary>
/// A page of orders for the dashboard (docs/sandbox.md#dashboard): one merchant's (<see cref="MerchantId"/>), or every
/// merchant's when it is null (the operator); filtered by <see cref="Status"/>, by a case-insensitive part of the
/// merchantTradeNo and by creation time (<see cref="CreatedFromMs"/> inclusive, <see cref="CreatedBeforeMs"/>
/// exclusive); newest first, <see cref="Offset"/> rows skipped.
/// </summary>
public sealed record OrderListQuery(
    long? MerchantId, OrderStatus? Status, string? TradeNoContains, long? CreatedFromMs, long? CreatedBeforeMs,
    int Offset, int Limit);

/// <summary>A ledger journal as posted, with its postings in the order they were written.</summary>
public sealed record PostedJournal(long JournalId, string Kind, string Reference, long CreatedAtMs,
    IReadOnlyList<Posting> Postings);
