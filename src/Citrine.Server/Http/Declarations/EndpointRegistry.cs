using Citrine.Server.Features.Admin;
using Citrine.Server.Features.Buyers;
using Citrine.Server.Features.Otc;
using Citrine.Server.Features.DirectDebit;
using Citrine.Server.Features.Faults;
using Citrine.Server.Features.Merchants;
using Citrine.Server.Features.Orders;
using Citrine.Server.Features.Partners;
using Citrine.Server.Features.Payouts;
using Citrine.Server.Features.ProfitSharing;
using Citrine.Server.Features.Refunds;
using Citrine.Server.Features.Reports;
using Citrine.Server.Features.Requests;
using Citrine.Server.Features.Sandbox;
using Citrine.Server.Features.Wallets;
using Citrine.Server.Features.Webhooks;

namespace Citrine.Server.Http.Declarations;

/// <summary>
/// Every declared endpoint of the server, in one list: mapped by <see cref="CitrineApp"/>, checked against the
/// Contracts DTOs by tests, and the source a generated API description reads. Registered as a service.
/// </summary>
internal sealed class EndpointRegistry(bool sandbox)
{
    public IReadOnlyList<EndpointDeclaration> Merchant { get; } =
    [
        .. CreateOrderEndpoints.Declarations, .. QueryCloseEndpoints.Declarations, .. RefundEndpoints.Declarations,
        .. SubMerchantEndpoints.Declarations, .. PayerVerificationEndpoints.Declarations,
        .. CertificateEndpoints.Declarations, .. ContractEndpoints.Declarations,
        .. PaymentEndpoints.Declarations, .. WalletEndpoints.Declarations, .. ReceiverCheckEndpoints.Declarations,
        .. PayoutEndpoints.Declarations,
        .. ConvertEndpoints.Declarations,
        .. ReportEndpoints.Declarations,
        .. ProfitSharingEndpoints.Declarations,
        .. ShareEndpoints.Declarations, .. TspEndpoints.Declarations,
    ];

    public IReadOnlyList<EndpointDeclaration> Sandbox { get; } = sandbox
        ?
        [
            .. SandboxEndpoints.Declarations, .. RefundEndpoints.SandboxDeclarations,
            .. SandboxContractEndpoints.Declarations, .. SandboxWebhookEndpoints.Declarations,
            .. SandboxWalletEndpoints.Declarations, .. BuyerEndpoints.SandboxDeclarations,
            .. SandboxPayoutEndpoints.Declarations,
            .. RequestJournalEndpoints.Declarations,
            .. FaultEndpoints.Declarations,
            .. ShareEndpoints.SandboxDeclarations, .. PartnerSandboxEndpoints.SandboxDeclarations,
        ]
        : [];

    public IReadOnlyList<EndpointDeclaration> Admin { get; } =
    [
        .. AdminEndpoints.Declarations, .. BuyerEndpoints.Declarations, .. WebhookAdminEndpoints.Declarations,
        .. PartnerSandboxEndpoints.AdminDeclarations,
    ];

    public IEnumerable<EndpointDeclaration> All => Merchant.Concat(Sandbox).Concat(Admin);
}
