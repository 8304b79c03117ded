namespace Citrine.Application.Requests;

/// <summary>The request journal's table (docs/observability.md#request-journal).</summary>
public interface IRequestJournalStore
{
    /// <summary>Appends entries in one write; their excerpts are already redacted.</summary>
    Task AppendAsync(IReadOnlyList<RequestJournalEntry> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<RequestJournalEntry>> ListAsync(RequestJournalQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes entries older than <paramref name="cutoffMs"/> and, per merchant, all but the newest
    /// <paramref name="maxPerMerchant"/>; returns how many were deleted.</summary>
    Task<long> PruneAsync(long cutoffMs, int maxPerMerchant, CancellationToken cancellationToken);
}
