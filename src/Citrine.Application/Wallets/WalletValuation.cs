using Citrine.Application.Pricing;
using Citrine.Contracts;

namespace Citrine.Application.Wallets;

/// <summary>Values wallet amounts at the configured prices (docs/decisions.md#order-currencies): in USD and in BTC,
/// rounded down; an asset without a price, or no BTC price, values at zero.</summary>
public sealed class WalletValuation(CurrencyCatalog currencies)
{
    private const string Btc = "BTC";

    public long UsdUnits(string asset, long units) =>
        currencies.IsCrypto(asset) || currencies.IsFiat(asset) ? currencies.UsdUnits(asset, units) : 0;

    public long BtcUnits(string asset, long units)
    {
        if (asset == Btc)
        {
            return units;
        }

        if (!currencies.IsCrypto(Btc))
        {
            return 0;
        }

        var usd = (Int128)UsdUnits(asset, units);
        return (long)(usd * Amounts.UnitsPerCoin / currencies.PriceUnits(Btc));
    }
}
