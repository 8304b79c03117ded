using System.Globalization;
using System.Text.Json.Serialization;
using Citrine.Application.Merchants;
using Citrine.Application.Sandbox.Faults;
using Citrine.Contracts;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Faults;

/// <summary>
/// Fault injection under <c>/sandbox/faults</c> (docs/sandbox.md#fault-injection, Citrine-only): arm the merchant's
/// next N requests matching a path to answer 429/500/503, stall or drop the connection, or its next N webhook
/// deliveries to be duplicated, delayed or reordered; list and clear. Signed by the merchant for itself, or with the
/// admin token and <c>merchantId</c>. These three paths are never faulted themselves, so a merchant can always clear.
/// </summary>
internal static class FaultEndpoints
{
    /// <summary>Requests under this prefix are never faulted (<see cref="RequestFaults"/>).</summary>
    public const string PathPrefix = "/sandbox/faults";

    private static readonly Field MerchantId = Integer("merchantId", required: true);

    private static readonly Field Kind = Enum("kind", required: true, FaultKinds.All);

    private static readonly Field Count = Integer("count", required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, $"1 to {FaultInjector.CountMax}",
            n => n is >= 1 and <= FaultInjector.CountMax);

    private static readonly Field PathField = Text("path", required: false, FaultInjector.PathMax)
        .Check<string>(ResultCodes.InvalidParamWrongValue, "a request path starting with /",
            p => p.StartsWith('/') && !p.Any(char.IsWhiteSpace));

    private static readonly Field PathMatch = Enum("pathMatch", required: false, PathMatches.Named);

    private static readonly Field HttpStatus = Integer("httpStatus", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "429, 500 or 503",
            s => FaultInjector.Statuses.Contains((int)Math.Clamp(s, 0, 999)));

    private static readonly Field RetryAfterSeconds = Integer("retryAfterSeconds", required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, $"0 to {FaultInjector.RetryAfterMaxSeconds}",
            s => s is >= 0 and <= FaultInjector.RetryAfterMaxSeconds);

    private static readonly Field DurationMs = Integer("durationMs", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, $"1 to {FaultInjector.StallMaxMs}",
            ms => ms is >= 1 and <= FaultInjector.StallMaxMs);

    private static readonly Rule DelayBound = Rule(
        $"a webhook DELAY is at most {FaultInjector.WebhookHoldMaxMs} ms", ResultCodes.InvalidParamWrongValue,
        c => c.Values.Text(Kind) == FaultKinds.Delay && c.Values.Number(DurationMs) > FaultInjector.WebhookHoldMaxMs
            ? string.Create(CultureInfo.InvariantCulture,
                $"durationMs: a webhook DELAY is at most {FaultInjector.WebhookHoldMaxMs} ms")
            : null);

    private static readonly Rule PrefixNeedsPath = Rule("pathMatch needs a path", ResultCodes.InvalidParamWrongValue,
        c => c.Values.Has(PathMatch) && !c.Values.Has(PathField) ? "pathMatch: needs a path" : null);

    private static readonly ShapeItem AdminMerchant =
        When("merchantId for the administrator", c => c.Caller.IsAdmin, MerchantId);

    public static readonly EndpointDeclaration Arm = Declare("/sandbox/faults/arm", typeof(FaultView),
        Shape.Of(
            AdminMerchant, Kind, Count,
            When("path and pathMatch for request faults (STATUS, STALL, DROP)",
                c => c.Values.Text(Kind) is { } k && !FaultKinds.IsWebhook(k), PathField, PathMatch, PrefixNeedsPath),
            When("httpStatus and retryAfterSeconds for STATUS", c => c.Values.Text(Kind) == FaultKinds.Status,
                HttpStatus, RetryAfterSeconds),
            When("durationMs for STALL and DELAY",
                c => c.Values.Text(Kind) is FaultKinds.Stall or FaultKinds.Delay, DurationMs, DelayBound)),
        ArmAsync) with
    {
        Summary = "Arm a fault on the merchant's next requests or webhook deliveries",
        Example = """{"kind":"STATUS","httpStatus":503,"path":"/binancepay/openapi/v2/order/query","count":1}""",
        Codes = [ResultCodes.InvalidRequest, DeclaredCode.NotFound(ResultCodes.InvalidRequest)],
    };

    public static readonly EndpointDeclaration List = Declare("/sandbox/faults/list", typeof(List<FaultView>),
        Shape.Of(AdminMerchant), ListAsync) with
    {
        Summary = "The merchant's fault rules, armed and spent, oldest first",
        Example = "{}",
        Codes = [DeclaredCode.NotFound(ResultCodes.InvalidRequest)],
    };

    public static readonly EndpointDeclaration Clear = Declare("/sandbox/faults/clear", typeof(ClearView),
        Shape.Of(AdminMerchant), ClearAsync) with
    {
        Summary = "Delete all the merchant's fault rules",
        Example = "{}",
        Codes = [DeclaredCode.NotFound(ResultCodes.InvalidRequest)],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Arm, List, Clear];

    private static EndpointDeclaration Declare(string path, Type response, Shape request, Delegate handler) => new()
    {
        Path = path,
        Auth = AuthPolicy.SignedOrAdmin,
        Response = response,
        Request = request,
        Handler = handler,
    };

    private static async Task<IResult> ArmAsync(Inbound request, IMerchantStore merchants, FaultInjector faults,
        CancellationToken cancellationToken)
    {
        if (await MerchantOfAsync(request, merchants, cancellationToken).ConfigureAwait(false) is not { } merchantId)
        {
            return MerchantNotFound(request);
        }

        var f = request.Fields;
        var kind = f.Text(Kind)!;
        var path = f.Text(PathField);
        var rule = new FaultRule
        {
            MerchantId = merchantId,
            Kind = kind,
            PathMatch = path is null ? PathMatches.All : f.Text(PathMatch) ?? PathMatches.Exact,
            Path = path,
            HttpStatus = (int?)f.Number(HttpStatus),
            // Retry-After means something only on 429 and 503 (RFC 9110 §10.2.3).
            RetryAfterSeconds = f.Number(HttpStatus) is 429 or 503 ? (int?)f.Number(RetryAfterSeconds) : null,
            DurationMs = f.Number(DurationMs),
            Count = (int)(f.Number(Count) ?? 1),
        };
        var armed = await faults.ArmAsync(rule, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(armed, FaultView.From);
    }

    private static async Task<IResult> ListAsync(Inbound request, IMerchantStore merchants, FaultInjector faults,
        CancellationToken cancellationToken)
    {
        if (await MerchantOfAsync(request, merchants, cancellationToken).ConfigureAwait(false) is not { } merchantId)
        {
            return MerchantNotFound(request);
        }

        var rules = await faults.ListAsync(merchantId, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(rules.Select(FaultView.From).ToList());
    }

    private static async Task<IResult> ClearAsync(Inbound request, IMerchantStore merchants, FaultInjector faults,
        CancellationToken cancellationToken)
    {
        if (await MerchantOfAsync(request, merchants, cancellationToken).ConfigureAwait(false) is not { } merchantId)
        {
            return MerchantNotFound(request);
        }

        var cleared = await faults.ClearAsync(merchantId, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(new ClearView(merchantId, cleared));
    }

    /// <summary>The calling merchant, or the one the administrator names if it exists.</summary>
    private static async Task<long?> MerchantOfAsync(Inbound request, IMerchantStore merchants,
        CancellationToken cancellationToken)
    {
        if (request.Caller.MerchantId is { } caller)
        {
            return caller;
        }

        var named = request.Fields.Number(MerchantId)!.Value;
        return await merchants.GetMerchantAsync(named, cancellationToken).ConfigureAwait(false) is null ? null : named;
    }

    private static BinanceEnvelope MerchantNotFound(Inbound request) => BinanceEnvelope.Fail(ResultCodes.InvalidRequest,
        string.Create(CultureInfo.InvariantCulture,
            $"merchantId: merchant {request.Fields.Number(MerchantId)} not found"), 404);

    /// <summary>One rule as the API shows it; absent fields do not apply to its kind.</summary>
    internal sealed record FaultView(
        [property: JsonPropertyName("faultId")] long FaultId,
        [property: JsonPropertyName("merchantId")] long MerchantId,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("pathMatch"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        string? PathMatch,
        [property: JsonPropertyName("path"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        string? Path,
        [property: JsonPropertyName("httpStatus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        int? HttpStatus,
        [property: JsonPropertyName("retryAfterSeconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        int? RetryAfterSeconds,
        [property: JsonPropertyName("durationMs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        long? DurationMs,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("remaining")] int Remaining,
        [property: JsonPropertyName("createdAt")] long CreatedAt)
    {
        public static FaultView From(FaultRule rule) => new(rule.FaultId, rule.MerchantId, rule.Kind,
            rule.IsWebhook ? null : rule.PathMatch, rule.Path, rule.HttpStatus, rule.RetryAfterSeconds,
            rule.DurationMs, rule.Count, rule.Remaining, rule.CreatedAtMs);
    }

    internal sealed record ClearView(
        [property: JsonPropertyName("merchantId")] long MerchantId,
        [property: JsonPropertyName("cleared")] int Cleared);
}
