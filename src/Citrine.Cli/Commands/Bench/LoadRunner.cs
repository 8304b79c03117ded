using System.Diagnostics;

namespace Citrine.Cli.Commands.Bench;

/// <summary>
/// Closed-loop load: one worker per connection, each sending its next operation as soon as the previous one is
/// answered. Operations started during the warm-up are not counted; those started in the measured window are,
/// and the window's length is taken up to the last of them to finish.
/// </summary>
internal static class LoadRunner
{
    /// <summary>Live view for the progress display: elapsed fraction of the run and operations so far.</summary>
    public sealed class Live
    {
        private long _operations;

        public long Operations => Interlocked.Read(ref _operations);

        public double Fraction { get; set; }

        public bool Measuring { get; set; }

        public void Count() => Interlocked.Increment(ref _operations);

        public void Reset() => Interlocked.Exchange(ref _operations, 0);
    }

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, BenchContext context, TimeSpan warmup,
        TimeSpan duration, Live live, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new WorkerStats[context.Connections];
        var lastEnd = measureFrom;
        using var ticker = new CancellationTokenSource();
        var tick = TickAsync(live, start, stopAt, measureFrom, ticker.Token);

        await Task.WhenAll(Enumerable.Range(0, workers.Length).Select(w => Task.Run(async () =>
        {
            var stats = workers[w] = new WorkerStats();
            var log = new StepLog();
            while (!cancellationToken.IsCancellationRequested)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= stopAt)
                {
                    break;
                }

                var measured = began >= measureFrom;
                log.Clear();
                bool more;
                try
                {
                    more = await scenario.StepAsync(context, w, log, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException
                    or System.Text.Json.JsonException or InvalidOperationException)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    more = true;
                    if (measured)
                    {
                        stats.Error($"{e.GetType().Name}: {e.Message}");
                    }
                }

                var ended = Stopwatch.GetTimestamp();
                if (measured)
                {
                    stats.Operations++;
                    stats.RecordMicroseconds((long)Stopwatch.GetElapsedTime(began, ended).TotalMicroseconds);
                    foreach (var reply in log.Replies)
                    {
                        stats.Add(reply);
                    }

                    live.Count();
                    InterlockedMax(ref lastEnd, ended);
                }

                if (!more)
                {
                    break;
                }
            }
        }, CancellationToken.None))).ConfigureAwait(false);

        await ticker.CancelAsync().ConfigureAwait(false);
        await tick.ConfigureAwait(false);
        live.Fraction = 1;
        var total = new WorkerStats();
        foreach (var stats in workers)
        {
            stats.MergeInto(total);
        }

        var seconds = Math.Max(Stopwatch.GetElapsedTime(measureFrom, Interlocked.Read(ref lastEnd)).TotalSeconds,
            duration.TotalSeconds > 0 ? 1e-3 : 0);
        return ScenarioResult.From(scenario.Name, total, seconds, scenario.Note);
    }

    private static async Task TickAsync(Live live, long start, long stopAt, long measureFrom,
        CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                live.Measuring = now >= measureFrom;
                live.Fraction = Math.Clamp((double)(now - start) / Math.Max(1, stopAt - start), 0, 1);
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
