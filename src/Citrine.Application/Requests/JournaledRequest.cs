namespace Citrine.Application.Requests;

/// <summary>
/// One merchant request as the request journal keeps it (docs/observability.md#request-journal). <see cref="Body"/>
/// is the start of the raw body as received; it is redacted by <see cref="BodyExcerpt"/> before it is stored, and
/// never stored as is. <see cref="Rule"/> is the envelope's <c>errorMessage</c> (the first rule broken).
/// </summary>
public sealed record JournaledRequest(
    long MerchantId, long AtMs, string Method, string Path, int HttpStatus, string Code, long LatencyMs, string? Rule,
    string? Timestamp, string? TimestampCheck, string? Nonce, string? NonceCheck, string? SignatureCheck,
    ReadOnlyMemory<byte> Body, int BodyBytes);

/// <summary>A stored journal entry: <see cref="JournaledRequest"/> with its id and the redacted excerpt.</summary>
public sealed record RequestJournalEntry(
    long EntryId, long MerchantId, long AtMs, string Method, string Path, int HttpStatus, string Code,
    long LatencyMs, string? Rule, string? Timestamp, string? TimestampCheck, string? Nonce, string? NonceCheck,
    string? SignatureCheck, string? BodyExcerpt, int BodyBytes);

/// <summary>
/// A page of one merchant's journal: entries with the given <see cref="Code"/> and <see cref="Path"/> (exact), at
/// or after <see cref="SinceMs"/>; newest first below <see cref="BeforeId"/>, or oldest first above
/// <see cref="AfterId"/> (how a tail follows new entries).
/// </summary>
public sealed record RequestJournalQuery(
    long MerchantId, string? Code, string? Path, long? SinceMs, long? BeforeId, long? AfterId, int Limit);
