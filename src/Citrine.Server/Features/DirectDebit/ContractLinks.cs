using Citrine.Application.DirectDebit;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// The buyer-facing links of a contract. Binance's open its app; Citrine's <c>qrContent</c> and <c>deeplink</c> both
/// open the hosted signing page, and <c>qrcodeLink</c> is a PNG of <c>qrContent</c> (docs/compatibility.md).
/// </summary>
internal sealed record ContractLinks(string Page, string QrcodeLink, string QrContent, string Deeplink)
{
    public static ContractLinks For(string baseUrl, Contract contract)
    {
        var page = $"{baseUrl}/contract/{contract.SignCode}";
        return new ContractLinks(page, $"{page}/qr.png", page, page);
    }
}
