namespace Citrine.Domain.Ledger;

/// <summary>
/// A balanced set of postings: per asset, the units sum to zero (double entry). Journals are append-only; a
/// correction is a new journal.
/// </summary>
public sealed record Journal(string Kind, string Reference, IReadOnlyList<Posting> Postings)
{
    /// <summary>Creates a journal, refusing one that does not balance per asset or has a zero leg.</summary>
    public static Journal Create(string kind, string reference, params Posting[] postings)
    {
        var unbalanced = postings.GroupBy(p => p.Asset, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Sum(p => p.Units) != 0);
        if (unbalanced is not null)
        {
            throw new InvalidOperationException($"Journal {kind}/{reference} does not balance in {unbalanced.Key}.");
        }

        if (postings.Length == 0 || postings.Any(p => p.Units == 0))
        {
            throw new InvalidOperationException($"Journal {kind}/{reference} has an empty leg.");
        }

        return new Journal(kind, reference, postings);
    }
}
