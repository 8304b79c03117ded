using System.Net;
using System.Net.Sockets;
using Citrine.Application;

namespace Citrine.Server.Webhooks;

/// <summary>A webhook destination refused by <see cref="AddressPolicy"/> before any packet was sent.</summary>
public sealed class DestinationRefusedException(string message) : IOException(message);

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of webhook deliveries: resolves the host, checks every
/// address against <see cref="AddressPolicy"/> and connects only to an allowed one. Checking at connect time (not
/// when the URL is saved) also covers DNS answers that change, and redirects are not followed at all.
/// </summary>
public sealed class DestinationGuard(CitrineOptions options, IWebhookNetwork network)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context,
        CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await network.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        string? refusal = null;
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            if (AddressPolicy.Refusal(address, options) is { } reason)
            {
                refusal ??= reason;
                continue;
            }

            try
            {
                return await network.ConnectAsync(new IPEndPoint(address, port), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                failure = e;
            }
        }

        if (failure is not null)
        {
            throw failure;
        }

        throw new DestinationRefusedException(refusal is null
            ? $"destination refused: {host} has no address"
            : $"destination refused: {refusal}");
    }
}
