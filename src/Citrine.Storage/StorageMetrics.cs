using System.Diagnostics.Metrics;

namespace Citrine.Storage;

/// <summary>
/// Instruments of the storage layer, on the process-wide meter <see cref="MeterName"/> (the server exports it with
/// its own; docs/observability.md). Static because a database is opened before the host and its services exist.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Citrine.Storage";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Write requests that shared one SQLite commit (one fsync), recorded after each commit.</summary>
    internal static readonly Histogram<int> CommitBatchSize = Meter.CreateHistogram<int>(
        "citrine.db.commit.batch_size", unit: "{request}",
        description: "Write requests committed together by one SQLite group commit.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
}
