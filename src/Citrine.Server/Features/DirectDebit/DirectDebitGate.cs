using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Server.Http.Ingress;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// The gate of every direct-debit endpoint: after authentication and before any field rule, a merchant that is not
/// whitelisted gets 400606, whatever its body says.
/// </summary>
internal sealed class DirectDebitGate(DirectDebitAccess access) : IIngressGate
{
    public Task<Failure?> CheckAsync(Caller caller, CancellationToken cancellationToken) =>
        caller.MerchantId is { } merchantId
            ? access.CheckAsync(merchantId, cancellationToken)
            : Task.FromResult<Failure?>(null);
}
