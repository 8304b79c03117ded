using System.CommandLine;
using Citrine.Contracts.Merchants;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine submerchant add|modify</c>: Create and Modify Sub-merchant through Citrine.Client
/// (docs/api-reference.md#sub-merchants). Modify is a full replacement: give every field again.</summary>
public static class SubMerchantCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("submerchant", "Create and modify sub-merchants (merchant API, signed)");
        command.Subcommands.Add(DetailsCommand(output, modify: false));
        command.Subcommands.Add(DetailsCommand(output, modify: true));
        return command;
    }

    private static Command DetailsCommand(CliOutput output, bool modify)
    {
        var sdk = new SdkOptions();
        var id = new Option<string>("--sub-merchant-id") { Description = "subMerchantId", Required = true };
        var name = new Option<string>("--name") { Description = "merchantName (unique under you)", Required = true };
        var storeType = new Option<string>("--store-type")
        {
            Description = "storeType: online, physical or both (or 0, 1, -1)",
            Required = true,
        };
        var mcc = new Option<string>("--mcc") { Description = "merchantMcc, a 4-digit code (9999 = other)", Required = true };
        var merchantType = new Option<int?>("--merchant-type") { Description = "merchantType 1 to 5" };
        var country = new Option<string?>("--country") { Description = "country: ISO-2 list (SG,US) or GO" };
        var siteUrl = new Option<string?>("--site-url") { Description = "siteUrl (online stores)" };
        var address = new Option<string?>("--address") { Description = "address (physical stores)" };
        var industry = new Option<string?>("--industry-description") { Description = "payIndustryDescription (MCC 9999)" };
        var companyName = new Option<string?>("--company-name") { Description = "companyName" };
        var registrationNumber = new Option<string?>("--registration-number") { Description = "registrationNumber" };
        var registrationCountry = new Option<string?>("--registration-country") { Description = "registrationCountry (ISO-2)" };
        var block = new Option<string[]>("--block-country")
        {
            Description = "A payer KYC country to refuse (ISO-2, repeatable): blockPayerKycCountries",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command(modify ? "modify" : "add", modify
            ? "Replace a sub-merchant's fields (give them all again)"
            : "Create a sub-merchant and print its subMerchantId")
        {
            name, storeType, mcc, merchantType, country, siteUrl, address, industry, companyName, registrationNumber,
            registrationCountry, block,
        };
        if (modify)
        {
            command.Options.Add(id);
        }

        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var blocked = parse.GetValue(block) is { Length: > 0 } codes
                ? codes.SelectMany(c => c.Split(',')).Select(c => c.Trim().ToUpperInvariant()).ToList()
                : null;
            if (StoreType(parse.GetValue(storeType)!) is not { } type)
            {
                output.Error("--store-type: use online, physical or both (or 0, 1, -1)");
                return Task.FromResult(ExitCodes.Validation);
            }

            SubMerchantAddRequest add = new()
            {
                MerchantName = parse.GetValue(name)!,
                StoreType = type,
                MerchantMcc = parse.GetValue(mcc)!,
                MerchantType = parse.GetValue(merchantType),
                Country = parse.GetValue(country),
                SiteUrl = parse.GetValue(siteUrl),
                Address = parse.GetValue(address),
                PayIndustryDescription = parse.GetValue(industry),
                CompanyName = parse.GetValue(companyName),
                RegistrationNumber = parse.GetValue(registrationNumber),
                RegistrationCountry = parse.GetValue(registrationCountry),
                BlockPayerKycCountries = blocked,
            };
            return modify
                ? SdkCall.RunAsync(output, sdk, parse, "Sub-merchant modified", c => c.SubMerchants.ModifyAsync(
                    new SubMerchantModifyRequest
                    {
                        SubMerchantId = parse.GetValue(id)!,
                        MerchantName = add.MerchantName,
                        StoreType = add.StoreType,
                        MerchantMcc = add.MerchantMcc,
                        MerchantType = add.MerchantType,
                        Country = add.Country,
                        SiteUrl = add.SiteUrl,
                        Address = add.Address,
                        PayIndustryDescription = add.PayIndustryDescription,
                        CompanyName = add.CompanyName,
                        RegistrationNumber = add.RegistrationNumber,
                        RegistrationCountry = add.RegistrationCountry,
                        BlockPayerKycCountries = add.BlockPayerKycCountries,
                    }, ct))
                : SdkCall.RunAsync(output, sdk, parse, "Sub-merchant created", c => c.SubMerchants.AddAsync(add, ct));
        });
        return command;
    }

    /// <summary>A word or the wire number; "-1" as an option value is awkward in a shell, so words are offered.</summary>
    private static int? StoreType(string text) => text.ToUpperInvariant() switch
    {
        "ONLINE" or "0" => 0,
        "PHYSICAL" or "1" => 1,
        "BOTH" or "-1" => -1,
        _ => null,
    };
}
