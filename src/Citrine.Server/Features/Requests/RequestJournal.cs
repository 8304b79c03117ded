using System.Threading.Channels;
using Citrine.Application;
using Citrine.Application.Requests;
using Citrine.Server.Telemetry;

namespace Citrine.Server.Features.Requests;

/// <summary>
/// The in-memory side of the request journal (docs/observability.md#request-journal): a bounded queue between the
/// ingress, which records each merchant request once its answer is sent, and <see cref="RequestJournalWriter"/>,
/// which stores them in batches. Recording never waits: when the queue is full the entry is dropped and counted
/// (<c>citrine_journal_dropped_total</c>), so a slow database cannot slow requests down.
/// </summary>
internal sealed class RequestJournal
{
    private readonly Channel<JournaledRequest> _queue;
    private readonly CitrineMetrics _metrics;

    public RequestJournal(CitrineOptions options, CitrineMetrics metrics)
    {
        Enabled = options.Journal.Enabled;
        _metrics = metrics;
        _queue = Channel.CreateBounded<JournaledRequest>(new BoundedChannelOptions(options.Journal.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then refuses instead of waiting: the drop is ours.
            SingleReader = true,
        });
    }

    public bool Enabled { get; }

    public ChannelReader<JournaledRequest> Reader => _queue.Reader;

    public void Record(JournaledRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            Dropped(1);
        }
    }

    public void Dropped(int count) => _metrics.JournalDropped(count);
}
