using System.Globalization;
using System.Text.Encodings.Web;
using Citrine.Application;
using Citrine.Application.Buyers;
using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Domain.DirectDebit;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QRCoder;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// The hosted page a buyer reaches from <c>qrContent</c>/<c>deeplink</c>: the contract's terms, a choice of the
/// sandbox buyers the contract's merchant may use and a Sign button. Server-rendered HTML with inline CSS, nothing
/// from a CDN. Signing posts a form and redirects back (post/redirect/get), so a reload never signs twice. With
/// <c>Citrine:Sandbox=false</c> the page shows the terms and the QR code only, and a posted signature answers the
/// not-found page (docs/sandbox.md#buyers).
/// </summary>
internal static class ContractSigningPage
{
    private const int QrPixelsPerModule = 8;

    /// <summary>One small field is expected: anything bigger is refused before it is buffered.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/contract/{code}", ShowAsync);
        app.MapGet("/contract/{code}/qr.png", QrAsync);
        app.MapPost("/contract/{code}/sign", SignAsync);
    }

    private static async Task<IResult> ShowAsync(string code, SigningPageDependencies deps, HttpContext context)
    {
        var contract = await LoadAsync(code, deps, context).ConfigureAwait(false);
        return contract is null ? NotFound() : await RenderAsync(deps, context, contract, error: null).ConfigureAwait(false);
    }

    private static async Task<IResult> QrAsync(string code, SigningPageDependencies deps, HttpContext context)
    {
        var contract = await LoadAsync(code, deps, context).ConfigureAwait(false);
        if (contract is null)
        {
            return NotFound();
        }

        var links = ContractLinks.For(OrderLinks.BaseUrl(context, deps.Options), contract);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(links.QrContent, QRCodeGenerator.ECCLevel.M);
        return Results.Bytes(new PngByteQRCode(data).GetGraphic(QrPixelsPerModule), "image/png");
    }

    private static async Task<IResult> SignAsync(string code, SigningPageDependencies deps, HttpContext context)
    {
        var contract = await LoadAsync(code, deps, context).ConfigureAwait(false);
        if (contract is null || !deps.Options.Sandbox)
        {
            return NotFound();
        }

        var form = await PageForms.ReadAsync(context, PageForms.Small).ConfigureAwait(false);
        var buyerText = form?["buyerId"].ToString().Trim();
        if (!long.TryParse(buyerText, NumberStyles.None, CultureInfo.InvariantCulture, out var buyerId) || buyerId <= 0)
        {
            return await RenderAsync(deps, context, contract, "Choose a sandbox buyer to sign as.")
                .ConfigureAwait(false);
        }

        var result = await deps.Sign.HandleAsync(contract, buyerId, context.RequestAborted).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            var current = await LoadAsync(code, deps, context).ConfigureAwait(false) ?? contract;
            return await RenderAsync(deps, context, current, result.Message).ConfigureAwait(false);
        }

        return Results.Redirect($"/contract/{code}", permanent: false, preserveMethod: false);
    }

    /// <summary>The posted form, or null when it is not a form or is malformed (answered with the 400 page).</summary>
    private static async Task<Contract?> LoadAsync(string code, SigningPageDependencies deps, HttpContext context)
    {
        if (code.Length != 32 || !code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)))
        {
            return null;
        }

        return await deps.Query.FindAsync(code, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<IResult> RenderAsync(SigningPageDependencies deps, HttpContext context,
        Contract contract, string? error)
    {
        var merchantName = await deps.Query.MerchantNameAsync(contract, context.RequestAborted).ConfigureAwait(false);
        var h = HtmlEncoder.Default;
        var body = contract.Status != ContractStatus.Initial ? Outcome(contract, h)
            : deps.Options.Sandbox ? SignForm(contract,
                await deps.Query.SignersAsync(contract, context.RequestAborted).ConfigureAwait(false), h)
            : """<p id="result">Open this contract in the Binance app to sign it.</p>""";
        var limit = $"{Amounts.FormatUnits(contract.SingleUpperLimitUnits)} {h.Encode(contract.Currency)}";
        var errorHtml = error is null ? "" : $"""<p id="error" class="error">{h.Encode(error)}</p>""";
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Authorize direct debit · Citrine</title>
            <style>
              body { font-family: system-ui, sans-serif; background: #f5f5f5; margin: 0; }
              main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: .5rem; }
              dt { color: #666; font-size: .85rem; } dd { margin: 0 0 .6rem 0; font-weight: 600; }
              input, select { font-size: 1rem; padding: .4rem; width: 100%; box-sizing: border-box; margin: .3rem 0 .8rem; }
              button { font-size: 1rem; padding: .6rem 1.2rem; background: #f0b90b; border: 0; border-radius: .3rem; }
              .error { color: #b00020; } .note { color: #666; font-size: .8rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>Authorize direct debit</h1>
            <p id="merchant">{{h.Encode(merchantName ?? "")}} asks you to allow debits from your wallet.</p>
            <dl id="terms">
              <dt>Service</dt><dd id="serviceName">{{h.Encode(contract.ServiceName)}}</dd>
              <dt>Scenario</dt><dd id="scenarioCode">{{h.Encode(contract.ScenarioCode)}}</dd>
              <dt>Maximum per debit</dt>
              <dd id="singleUpperLimit">{{limit}}</dd>
              <dt>Schedule</dt><dd id="schedule">{{h.Encode(Schedule(contract))}}</dd>
              <dt>Merchant account</dt>
              <dd id="merchantAccountNo">{{h.Encode(contract.MerchantAccountNo ?? "-")}}</dd>
              <dt>Valid until</dt><dd id="contractEndTime">{{Utc(contract.ContractEndTimeMs)}}</dd>
              <dt>Sign before</dt><dd id="requestExpireTime">{{Utc(contract.RequestExpireTimeMs)}}</dd>
              <dt>Status</dt><dd id="status">{{contract.Status.BizStatus()}}</dd>
            </dl>
            {{errorHtml}}
            {{body}}
            <p class="note">Citrine sandbox: no real funds move.</p>
            <img src="/contract/{{h.Encode(contract.SignCode)}}/qr.png" alt="QR code of this page" width="160">
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: error is null ? 200 : 400);
    }

    /// <summary>The form to sign as one of the buyers the contract's merchant may use (none: a hint instead).</summary>
    private static string SignForm(Contract contract, IReadOnlyList<Buyer> signers, HtmlEncoder h)
    {
        if (signers.Count == 0)
        {
            return """
                <p id="result">No sandbox buyers yet: create one with `citrine buyer create --name Alice`.</p>
                """;
        }

        var options = string.Concat(signers.Select(b =>
        {
            var id = b.BuyerId.ToString(CultureInfo.InvariantCulture);
            return $"""<option value="{id}">{h.Encode(b.Name)} (#{id})</option>""";
        }));
        return $"""
            <form method="post" action="/contract/{h.Encode(contract.SignCode)}/sign">
              <label for="buyerId">Sign as (sandbox buyer)</label>
              <select id="buyerId" name="buyerId" required>{options}</select>
              <button id="sign" type="submit">Sign</button>
            </form>
            """;
    }

    private static string Outcome(Contract contract, HtmlEncoder h)
    {
        var id = contract.ContractId.ToString(CultureInfo.InvariantCulture);
        var openUserId = h.Encode(contract.OpenUserId ?? "");
        return contract.Status switch
        {
            ContractStatus.Signed => $"""
                <p id="result">Signed. Contract id <span id="contractId">{id}</span>,
                your id with this merchant <span id="openUserId">{openUserId}</span>.</p>
                """,
            ContractStatus.Terminated =>
                $"""<p id="result">This contract was terminated on {Utc(contract.TerminationTimeMs ?? 0)}.</p>""",
            _ => """<p id="result">This contract has expired and can no longer be signed.</p>""",
        };
    }

    private static string Schedule(Contract contract)
    {
        if (!contract.Periodic)
        {
            return "on demand (not periodic)";
        }

        var unit = contract.CycleType == "MONTH" ? "month(s)" : "days";
        var amount = contract.CycleDebitFixed == true ? "fixed" : "variable";
        return string.Create(CultureInfo.InvariantCulture,
            $"every {contract.CycleValue} {unit} from {Utc(contract.FirstDeductTimeMs ?? 0)}, {amount} amount");
    }

    private static string Utc(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime
        .ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static IResult NotFound() => Results.Content(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Not found · Citrine</title></head>
        <body><main><h1>No such contract</h1></main></body></html>
        """, "text/html; charset=utf-8", statusCode: 404);
}

/// <summary>What the signing page needs, bound as one endpoint parameter.</summary>
internal sealed record SigningPageDependencies(ContractSigningQuery Query, SignContractHandler Sign,
    CitrineOptions Options);
