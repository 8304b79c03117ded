using HdrHistogram;

namespace Citrine.Cli.Commands.Bench;

/// <summary>What one worker saw in the measured window; merged when the run ends, so workers never share a lock.</summary>
internal sealed class WorkerStats
{
    /// <summary>Latencies in microseconds, up to 10 minutes, 3 significant digits.</summary>
    public LongHistogram Latency { get; } = NewHistogram();

    public Dictionary<string, long> Codes { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, long> Statuses { get; } = [];

    public long Operations { get; set; }

    public long Requests { get; set; }

    public long Errors { get; set; }

    public string? FirstError { get; set; }

    public static LongHistogram NewHistogram() => new(TimeSpan.FromMinutes(10).Ticks / 10, 3);

    public void Add(BenchReply reply)
    {
        Requests++;
        Codes[reply.Code] = Codes.GetValueOrDefault(reply.Code) + 1;
        Statuses[reply.Status] = Statuses.GetValueOrDefault(reply.Status) + 1;
    }

    public void Error(string message)
    {
        Errors++;
        FirstError ??= message;
    }

    public void RecordMicroseconds(long microseconds) =>
        Latency.RecordValue(Math.Clamp(microseconds, 0, Latency.HighestTrackableValue));

    public void MergeInto(WorkerStats total)
    {
        total.Latency.Add(Latency);
        foreach (var (code, count) in Codes)
        {
            total.Codes[code] = total.Codes.GetValueOrDefault(code) + count;
        }

        foreach (var (status, count) in Statuses)
        {
            total.Statuses[status] = total.Statuses.GetValueOrDefault(status) + count;
        }

        total.Operations += Operations;
        total.Requests += Requests;
        total.Errors += Errors;
        total.FirstError ??= FirstError;
    }
}

/// <summary>The requests one operation made, handed to the worker's stats only if the operation is measured.</summary>
internal sealed class StepLog
{
    private readonly List<BenchReply> _replies = new(4);

    public IReadOnlyList<BenchReply> Replies => _replies;

    public BenchReply Add(BenchReply reply)
    {
        _replies.Add(reply);
        return reply;
    }

    public void Clear() => _replies.Clear();
}
