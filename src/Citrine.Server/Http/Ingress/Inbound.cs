using System.Reflection;
using System.Text.Json;
using Citrine.Application.Auth;
using Citrine.Server.Http.Declarations;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Http.Ingress;

/// <summary>
/// A request that passed the ingress: its caller, its body (one JSON object) and, for a declared endpoint, the
/// field values read by the declaration. Handlers take it as a parameter.
/// </summary>
internal sealed class Inbound
{
    public required Caller Caller { get; init; }

    public required JsonElement Body { get; init; }

    public required FieldValues Fields { get; init; }

    /// <summary>The signed merchant (only on <see cref="AuthPolicy.SignedMerchant"/> routes).</summary>
    public VerifiedMerchant Merchant => Caller.Merchant
        ?? throw new InvalidOperationException("Not a merchant request.");

    public long MerchantId => Merchant.MerchantId;

    public static ValueTask<Inbound?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<Inbound>());
}
