namespace Citrine.Application.Webhooks;

/// <summary>
/// When a failed webhook is tried again (docs/decisions.md#webhooks). Binance documents "up to 6" retries and no
/// intervals; Citrine's default is 15 s, 1 min, 5 min, 30 min, 2 h, 6 h. The delays are applied to the clock of the
/// server (<see cref="TimeProvider"/>) and the next due time is stored with the event, so a restart loses nothing.
/// </summary>
public sealed class RetrySchedule
{
    public static readonly IReadOnlyList<int> DefaultDelaysMs = [15_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000];

    public RetrySchedule(CitrineOptions options)
    {
        DelaysMs = options.WebhookRetryMs is { Length: > 0 } configured ? [.. configured] : DefaultDelaysMs;
        if (DelaysMs.Any(d => d < 0))
        {
            throw new InvalidOperationException("Citrine:WebhookRetryMs: delays must not be negative.");
        }
    }

    public IReadOnlyList<int> DelaysMs { get; }

    /// <summary>Attempts in one round: the first plus one per retry delay (7 by default).</summary>
    public int AttemptsMax => DelaysMs.Count + 1;

    /// <summary>
    /// Due time of the next attempt after attempt number <paramref name="attempt"/> (1-based) failed at
    /// <paramref name="nowMs"/>; null when that was the last attempt.
    /// </summary>
    public long? NextAttemptAtMs(int attempt, long nowMs) =>
        attempt < AttemptsMax ? nowMs + DelaysMs[attempt - 1] : null;
}
