using System.Collections.Concurrent;
using Citrine.Application;

namespace Citrine.Server.Features.Webhooks;

/// <summary>
/// Caps the long polls (<c>/sandbox/webhooks/poll</c> with <c>waitMs</c> &gt; 0) one merchant holds open on this node
/// at <c>Citrine:LongPollsPerMerchant</c>: each open poll holds a request and re-queries the database, so one merchant
/// must not be able to hold them by the thousand. One more is answered <c>409901</c> (HTTP 429) at once.
/// </summary>
internal sealed class LongPollGate(CitrineOptions options)
{
    private readonly ConcurrentDictionary<long, int> _open = new();

    /// <summary>Polls open now, over all merchants (for tests and diagnostics).</summary>
    public int Open => _open.Values.Sum();

    /// <summary>A slot for one poll of <paramref name="merchantId"/>, released by disposing it; null when the merchant
    /// already holds its maximum.</summary>
    public Slot? TryEnter(long merchantId)
    {
        var max = options.LongPollsPerMerchant;
        while (true)
        {
            var current = _open.GetOrAdd(merchantId, 0);
            if (current >= max)
            {
                return null;
            }

            if (_open.TryUpdate(merchantId, current + 1, current))
            {
                return new Slot(this, merchantId);
            }
        }
    }

    private void Leave(long merchantId)
    {
        while (true)
        {
            var current = _open[merchantId];
            if (current == 1 ? _open.TryRemove(KeyValuePair.Create(merchantId, 1))
                : _open.TryUpdate(merchantId, current - 1, current))
            {
                return;
            }
        }
    }

    /// <summary>One open poll.</summary>
    public sealed class Slot(LongPollGate gate, long merchantId) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Leave(merchantId);
            }
        }
    }
}
