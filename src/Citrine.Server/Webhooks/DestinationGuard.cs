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
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context, null, cancellationToken);

    /// <summary>Connects as above and records in <paramref name="connected"/> the address it reached.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context,
        ConnectedDestination? connected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
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
                var stream = await network.ConnectAsync(new IPEndPoint(address, port), cancellationToken)
                    .ConfigureAwait(false);
                connected?.Record(address);
                return stream;
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

/// <summary>
/// The addresses a destination's connections reached, filled in by <see cref="DestinationGuard"/> at connect time
/// (after DNS), so that what is shown of an answer follows where it really came from, not what the URL's host looked
/// like. <see cref="Kind"/> is the least public of them: once any connection reached a loopback or private address,
/// it stays so (a kept connection cannot tell which of them served an answer).
/// </summary>
public sealed class ConnectedDestination
{
    private readonly Lock _gate = new();

    public IPAddress? Address { get; private set; }

    public AddressKind? Kind { get; private set; }

    public void Record(IPAddress address)
    {
        var kind = AddressPolicy.Classify(address).Kind;
        lock (_gate)
        {
            Address = address;
            Kind = Kind is { } seen && seen != AddressKind.Public ? seen : kind;
        }
    }
}
