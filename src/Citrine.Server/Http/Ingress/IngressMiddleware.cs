using Citrine.Application;
using Citrine.Application.Auth;
using Citrine.Application.Partners;
using Citrine.Application.Sandbox.Faults;
using Citrine.Contracts.Signing;
using Citrine.Application.Sandbox;
using Citrine.Server.Features.Admin;
using Citrine.Server.Features.Requests;
using Citrine.Server.Features.Faults;
using Citrine.Server.Http.Declarations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Http.Ingress;

/// <summary>
/// The one way in for every endpoint carrying <see cref="IngressMetadata"/>, in the order Citrine checks a request
/// (docs/compatibility.md, "Order of checks"): admin token (401) for admin calls; then, for a POST, media type
/// (400007), body size (400104), the merchant's signature (400005, 400004, 400203, 400003, 400001 nonce, 400002),
/// UTF-8 and one JSON object (400008; duplicate keys 400001), the endpoint's gate (for example 400606), and the
/// declared field rules. Only then does the handler run, with the <see cref="Inbound"/> request as a parameter —
/// unless, in the sandbox, the merchant armed a fault that matches it (<see cref="RequestFaults"/>). Wrong methods are
/// answered 400006 by the status-code hook.
/// </summary>
internal sealed class IngressMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CitrineOptions options, AdminToken adminToken,
        RequestAuthenticator authenticator, RequestJournal journal, TimeProvider time, FaultInjector faults)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IngressMetadata>() is not { } ingress)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var admin = ingress.Auth switch
        {
            AuthPolicy.AdminToken => true,
            AuthPolicy.SignedOrAdmin => !context.Request.Headers.ContainsKey(BinancePayHeaders.CertificateSn)
                                        && context.Request.Headers.ContainsKey("Authorization"),
            _ => false,
        };
        if (admin && !adminToken.Matches(context.Request.Headers.Authorization))
        {
            await BinanceEnvelope.Fail(Contracts.ResultCodes.InvalidApiKeyOrIp, "admin token missing or wrong", 401)
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var declaration = endpoint.Metadata.GetMetadata<EndpointDeclaration>();
        // An admin call may have no body at all (POST …/rotate): it reads as {}.
        var allowEmpty = ingress.AllowEmptyBody || admin;
        // Merchant calls are journaled once their answer is sent (JournalDraft); the admin's are not.
        var draft = !admin && journal.Enabled && declaration?.Journaled != false
            ? new JournalDraft(SandboxClock.WallClockOf(time).GetUtcNow().ToUnixTimeMilliseconds())
            : null;
        var failure = await AdmitAsync(context, options, authenticator, declaration, admin, allowEmpty, draft)
            .ConfigureAwait(false);
        draft?.RecordWhenSent(context, journal);
        if (failure is { } f)
        {
            await BinanceEnvelope.Fail(f.Code, f.Message).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (options.Sandbox && context.Features.Get<Inbound>()?.Caller.MerchantId is { } merchantId
            && await RequestFaults.ApplyAsync(context, faults, merchantId).ConfigureAwait(false))
        {
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static async Task<Failure?> AdmitAsync(HttpContext context, CitrineOptions options,
        RequestAuthenticator authenticator, EndpointDeclaration? declaration, bool admin, bool allowEmpty,
        JournalDraft? draft)
    {
        var request = context.Request;
        var ct = context.RequestAborted;
        if (JsonBody.CheckMediaType(request, allowEmpty) is { } mediaType)
        {
            await IdentifyAsync(draft, authenticator, request, ct).ConfigureAwait(false);
            return mediaType;
        }

        var raw = await JsonBody.ReadRawAsync(request,
            Math.Max(options.MaxRequestBodyBytes, declaration?.MaxBodyBytes ?? 0), ct).ConfigureAwait(false);
        if (!raw.IsSuccess)
        {
            await IdentifyAsync(draft, authenticator, request, ct).ConfigureAwait(false);
            return new Failure(raw.Code, raw.Message!);
        }

        draft?.Keep(raw.Value);

        var caller = Caller.Admin;
        if (!admin)
        {
            var headers = request.Headers;
            var auth = await authenticator.AuthenticateAsync(
                new SignedRequestHeaders(headers[BinancePayHeaders.Timestamp], headers[BinancePayHeaders.Nonce],
                    headers[BinancePayHeaders.CertificateSn], headers[BinancePayHeaders.Signature]),
                raw.Value, ct, draft?.Auth).ConfigureAwait(false);
            if (!auth.IsSuccess)
            {
                return new Failure(auth.Code, auth.Message!);
            }

            caller = new Caller(auth.Value!);
            if (headers.TryGetValue(Contracts.Partners.PartnerNames.AuthorizationTokenHeader, out var token))
            {
                // A technical service provider's delegated call: signed with the provider's own key, acting for the
                // merchant whose authorisation the header names (docs/compatibility.md#technical-service-providers).
                var delegated = await context.RequestServices.GetRequiredService<TspService>().DelegateAsync(
                    caller.MerchantId!.Value, token.ToString(), request.Path.Value ?? "", ct).ConfigureAwait(false);
                if (!delegated.IsSuccess)
                {
                    return new Failure(delegated.Code, delegated.Message!);
                }

                caller = new Caller(auth.Value! with { MerchantId = delegated.Value });
            }

            context.Features.Set(caller); // Names the merchant in the refused-request line (Logging/RequestLog.cs).
        }

        var parsed = JsonBody.Parse(raw.Value, allowEmpty);
        if (!parsed.IsSuccess)
        {
            return new Failure(parsed.Code, parsed.Message!);
        }

        var document = parsed.Value!;
        context.Response.RegisterForDispose(document);
        if (declaration?.Gate is { } gateType
            && await ((IIngressGate)context.RequestServices.GetService(gateType)!).CheckAsync(caller, ct)
                .ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var fields = ShapeReader.Read(document.RootElement, declaration?.Request ?? Shape.Empty, caller);
        if (!fields.IsSuccess)
        {
            return new Failure(fields.Code, fields.Message!);
        }

        context.Features.Set(new Inbound { Caller = caller, Body = document.RootElement, Fields = fields.Value! });
        return null;
    }

    /// <summary>A request refused before authentication is journaled under the merchant its API key names.</summary>
    private static async Task IdentifyAsync(JournalDraft? draft, RequestAuthenticator authenticator,
        HttpRequest request, CancellationToken cancellationToken)
    {
        if (draft is not null)
        {
            draft.Auth.MerchantId = await authenticator.IdentifyAsync(request.Headers[BinancePayHeaders.CertificateSn],
                cancellationToken).ConfigureAwait(false);
        }
    }
}
