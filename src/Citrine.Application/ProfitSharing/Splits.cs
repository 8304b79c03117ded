namespace Citrine.Application.ProfitSharing;

/// <summary>A stored split (docs/api-reference.md#profit-sharing); <see cref="SplitId"/> is the wire's
/// <c>splitOrderNo</c>, amounts in units of 1e-8.</summary>
public sealed record SplitOrder(long SplitId, long MerchantId, string MerchantRequestId, long PrepayId,
    string Fingerprint, string Currency, long TotalUnits, string Status, long CreatedAtMs, long? FinishedAtMs);

/// <summary>A stored split line; <see cref="DetailId"/> is the wire's <c>detailId</c>. A paid line names its payee:
/// <see cref="PayeeBuyerId"/> or, for a merchant receiver, <see cref="PayeeMerchantId"/>.</summary>
public sealed record SplitLine(long DetailId, long SplitId, long MerchantId, int Seq, string Account, long AmountUnits,
    string Description, string? WebhookUrl, string Status, long? PayeeBuyerId, string? FailReason, long ReturnedUnits,
    long? FinishedAtMs, long? PayeeMerchantId = null);

/// <summary>A stored split return; <see cref="ReturnId"/> is the wire's <c>returnOrderNo</c>.</summary>
public sealed record SplitReturn(long ReturnId, long MerchantId, string MerchantReturnNo, long PrepayId, long SplitId,
    string MerchantRequestId, string Fingerprint, string TransferOutAccount, long AmountUnits, string? Description,
    string? WebhookUrl, string Status, string? FailReason, long CreatedAtMs, long? FinishedAtMs);

/// <summary>One receiver of a submit-split request (field rules already checked at the edge).</summary>
public sealed record SplitLineCommand(string Account, long AmountUnits, string Description, string? WebhookUrl);

/// <summary>A submit-split request.</summary>
public sealed record SplitCommand(long MerchantId, string MerchantRequestId, long PrepayId,
    IReadOnlyList<SplitLineCommand> Lines);

/// <summary>A return request: the split by its splitOrderNo or by its merchantRequestId.</summary>
public sealed record SplitReturnCommand(long MerchantId, long PrepayId, long? SplitId, string? MerchantRequestId,
    string MerchantReturnNo, string TransferOutAccount, long AmountUnits, string? Description, string? WebhookUrl);

/// <summary>A split with its lines, and whether it answers a replay.</summary>
public sealed record SplitView(SplitOrder Split, IReadOnlyList<SplitLine> Lines, bool Replay = false);

/// <summary>A return and whether it answers a replay.</summary>
public sealed record SplitReturnView(SplitReturn Return, bool Replay = false);

/// <summary>How accepting a split went.</summary>
public enum SplitSubmitOutcome
{
    Accepted,
    Existing,

    /// <summary>The order is unknown, the merchant's, not PAID or not tagged for profit sharing.</summary>
    OrderNotSplittable,

    /// <summary>The lines together exceed what the order can still split.</summary>
    OverSplit,

    /// <summary>An account of the list is not a registered receiver of the merchant.</summary>
    ReceiverNotRegistered,

    /// <summary>The merchant's FUNDING wallet holds less available than the split.</summary>
    InsufficientFunds,

    IdCollision,
}

/// <summary>The outcome of a submit with what it found: the split (accepted or existing), the unregistered account,
/// or what the order can still split.</summary>
public sealed record SplitSubmitResult(SplitSubmitOutcome Outcome, SplitOrder? Split = null, string? Account = null,
    long RemainingUnits = 0);

/// <summary>How a return went.</summary>
public enum SplitReturnOutcome
{
    /// <summary>Stored, SUCCESS or FAIL.</summary>
    Done,
    Existing,
    SplitNotFound,

    /// <summary>The receiver got nothing from the split.</summary>
    NotAReceiver,

    /// <summary>More than the receiver still holds of the split.</summary>
    TooMuch,
    IdCollision,
}

/// <summary>The outcome of a return with the stored row.</summary>
public sealed record SplitReturnResult(SplitReturnOutcome Outcome, SplitReturn? Return = null, long RemainingUnits = 0);

/// <summary>A line claimed by one processor under a lease token.</summary>
public sealed record ClaimedSplitLine(long DetailId, long MerchantId, string LeaseToken);

/// <summary>What the store read under the split's row lock before settling a line: whether the line's account is
/// still a registered receiver, and its payee: a buyer (and whether its payouts are frozen) or a merchant (still
/// active and still accepting splits, else <see cref="MerchantId"/> is null).</summary>
public sealed record SplitSettling(SplitOrder Split, SplitLine Line, long? BuyerId, bool Frozen, long? MerchantId = null);

/// <summary>A page of a merchant's receivers.</summary>
public sealed record ReceiverPage(IReadOnlyList<string> Accounts, long Total);

/// <summary>How adding a receiver went.</summary>
public enum ReceiverAddOutcome
{
    Added,
    AlreadyRegistered,
    /// <summary>No buyer the merchant may pay has this Binance ID, and no merchant that accepts splits has this
    /// merchantId.</summary>
    NoSuchBuyer,
}
