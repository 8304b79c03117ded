using Citrine.Contracts;
using Citrine.Contracts.Wallets;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http.Declarations;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Wallets;

/// <summary>Fields shared by the wallet endpoints (docs/api-reference.md#wallets).</summary>
internal static class WalletFields
{
    public static readonly Field Wallet = Enum("wallet", required: true, WalletNames.Wallets);

    public static Field Currency(bool required) => OrderFields.Currency("currency", required)
        .Check<string>(ResultCodes.InvalidParamWrongValue, "an upper-case asset code",
            text => !text.Any(char.IsAsciiLetterLower));
}
