using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Citrine.Server.Webhooks;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>
/// The webhook network seam for SSRF tests: names resolve from a table, and every connect is recorded and then made
/// to a loopback receiver, whatever address was asked for — so no packet ever leaves loopback.
/// </summary>
internal sealed class FakeNetwork(int loopbackPort) : IWebhookNetwork
{
    public ConcurrentDictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<IPEndPoint> Connects { get; } = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));

    public async Task<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        Connects.Enqueue(endPoint);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, loopbackPort), cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
