using Citrine.Client.Http;
using Citrine.Contracts.Payouts;

namespace Citrine.Client;

/// <summary>Payouts: check a receiver before paying it. Reach it through <see cref="CitrineClient.Payouts"/>.</summary>
public class PayoutsClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal PayoutsClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected PayoutsClient()
    {
    }

    /// <summary>
    /// Whether the receiver (<see cref="ReceiveTypes.BinanceId"/> or <see cref="ReceiveTypes.PayId"/>) exists and
    /// matches every registration hint given (<c>POST /binancepay/openapi/payout/receiver/check</c>).
    /// </summary>
    /// <exception cref="CitrineApiException">The service refused the request, for example an unknown
    /// <c>receiveType</c>.</exception>
    public virtual async Task<bool> CheckReceiverAsync(ReceiverCheckRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<bool>(ApiPaths.PayoutReceiverCheck, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}
