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

    /// <summary>Writes refused at once because the SQLite write queue was full (each one a busy answer).</summary>
    internal static readonly Counter<long> WriteQueueRefusals = Meter.CreateCounter<long>(
        "citrine.db.write_queue.refusals", unit: "{request}",
        description: "Request writes refused because the database write queue was full.");

    /// <summary>PostgreSQL write transactions run again after a transient failure (serialization, deadlock, a
    /// connection that broke before the commit).</summary>
    internal static readonly Counter<long> WriteRetries = Meter.CreateCounter<long>(
        "citrine.db.write.retries", unit: "{transaction}",
        description: "PostgreSQL write transactions run again after a transient failure.");
}
