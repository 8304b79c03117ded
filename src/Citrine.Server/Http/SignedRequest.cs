using System.Text.Json;
using Citrine.Application.Auth;

namespace Citrine.Server.Http;

/// <summary>A merchant API request that passed authentication and is a JSON object.</summary>
internal sealed record SignedRequest(VerifiedMerchant Merchant, JsonElement Body)
{
    public FieldReader Fields => new(Body);
}
