using System.Net;
using System.Net.Sockets;

namespace Citrine.Server.Webhooks;

/// <summary>
/// Name resolution and TCP connect for webhook deliveries: the one seam between the dispatcher and the network. The
/// destination check (<see cref="DestinationGuard"/>) sits between the two calls, so tests can feed addresses and
/// catch connects without a packet leaving loopback.
/// </summary>
public interface IWebhookNetwork
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    Task<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken);
}

/// <summary>The real network: DNS and a TCP socket.</summary>
public sealed class SystemWebhookNetwork : IWebhookNetwork
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);

    public async Task<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
