namespace Citrine.Domain.Ledger;

/// <summary>One leg of a journal: a signed amount in integer units of 1e-8 of <see cref="Asset"/> on an account.
/// Positive credits the account, negative debits it.</summary>
public readonly record struct Posting(string Account, string Asset, long Units);
