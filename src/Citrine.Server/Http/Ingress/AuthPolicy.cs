using Citrine.Application.Auth;

namespace Citrine.Server.Http.Ingress;

/// <summary>Who may call a route group.</summary>
internal enum AuthPolicy
{
    /// <summary>A merchant's signed request (BinancePay-* headers over the exact body).</summary>
    SignedMerchant,

    /// <summary>The admin token (<c>Authorization: Bearer …</c>).</summary>
    AdminToken,

    /// <summary>
    /// Either: a request with <c>BinancePay-Certificate-SN</c>, or without <c>Authorization</c>, is a merchant's;
    /// otherwise it must hold the admin token.
    /// </summary>
    SignedOrAdmin,
}

/// <summary>Endpoint metadata: the endpoint goes through <see cref="IngressMiddleware"/> with this policy. A test
/// fails when a POST under /binancepay, /sandbox or /admin lacks it.</summary>
internal sealed record IngressMetadata(AuthPolicy Auth, bool AllowEmptyBody);

/// <summary>Who called: a verified merchant, or the administrator (no merchant).</summary>
internal sealed record Caller(VerifiedMerchant? Merchant)
{
    public static Caller Admin { get; } = new((VerifiedMerchant?)null);

    public bool IsAdmin => Merchant is null;

    public long? MerchantId => Merchant?.MerchantId;
}

/// <summary>A check the ingress runs after authentication and before the field rules (declared per endpoint).</summary>
internal interface IIngressGate
{
    Task<Application.Failure?> CheckAsync(Caller caller, CancellationToken cancellationToken);
}
