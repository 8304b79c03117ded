using System.CommandLine;
using System.Globalization;
using Citrine.Contracts.Partners;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine partner share|share-approve|provider-config|provider-request|provider-show|provider-list|
/// qr-scan|provider-enable|provider-authorization</c>: share account id, technical service providers and merchant QR
/// scans (merchant API through Citrine.Client; <c>provider-enable</c> and <c>provider-authorization</c> through the
/// admin API).</summary>
public static class PartnerCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("partner", "Share account id, technical service providers, merchant QR codes");
        command.Subcommands.Add(ShareCommand(output));
        command.Subcommands.Add(ShareApproveCommand(output));
        command.Subcommands.Add(ProviderConfigCommand(output));
        command.Subcommands.Add(ProviderRequestCommand(output));
        command.Subcommands.Add(ProviderShowCommand(output));
        command.Subcommands.Add(ProviderListCommand(output));
        command.Subcommands.Add(QrScanCommand(output));
        command.Subcommands.Add(ProviderEnableCommand(output));
        command.Subcommands.Add(ProviderAuthorizationCommand(output));
        return command;
    }

    private static Command ShareCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var requestId = new Option<string>("--request-id")
        {
            Description = "requestId (letters and digits, at most 32); a new one when absent",
            DefaultValueFactory = _ => Guid.NewGuid().ToString("N"),
        };
        var webhookUrl = new Option<string?>("--webhook-url") { Description = "where SHARE_ACCOUNT_ID goes" };
        var command = new Command("share", "Ask a Binance user for their Binance ID: prints the consent link")
        {
            requestId, webhookUrl,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Share account id",
            c => c.Partners.ShareAccountIdAsync(new ShareAccountIdRequest
            {
                RequestId = parse.GetValue(requestId)!,
                WebhookUrl = parse.GetValue(webhookUrl),
            }, ct)));
        return command;
    }

    private static Command ShareApproveCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var requestId = new Argument<string>("requestId") { Description = "the share request's requestId" };
        var buyer = new Option<long>("--buyer") { Description = "the sandbox buyer who agrees", Required = true };
        var command = new Command("share-approve", "Sandbox: a buyer agrees to share its Binance ID") { requestId, buyer };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Shared",
            c => c.Sandbox.ApproveShareAsync(parse.GetValue(requestId)!, parse.GetValue(buyer), ct)));
        return command;
    }

    private static Command ProviderConfigCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var command = new Command("provider-config", "The provider's allowed scopes");
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Provider config",
            c => c.Partners.GetProviderConfigAsync(ct)));
        return command;
    }

    private static Command ProviderRequestCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var merchant = new Option<string>("--merchant") { Description = "the merchant asked", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "a scope to ask for (repeat)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var ips = new Option<string[]>("--ip") { Description = "an IP of the whitelist (repeat)", Required = true };
        var command = new Command("provider-request", "Ask a merchant to authorise this provider: prints the review link")
        {
            merchant, scopes, ips,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Authorisation",
            c => c.Partners.RequestAuthorizationAsync(new TspCreateRequest
            {
                MerchantId = parse.GetValue(merchant)!,
                Scopes = parse.GetValue(scopes)!,
                IpWhitelist = parse.GetValue(ips)!,
            }, ct)));
        return command;
    }

    private static Command ProviderShowCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var merchant = new Argument<string>("merchantId") { Description = "the authorising merchant" };
        var command = new Command("provider-show", "The provider's authorisation by a merchant") { merchant };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Authorisation",
            c => c.Partners.GetAuthorizationAsync(new TspRecordGetRequest { MerchantId = parse.GetValue(merchant)! },
                ct)));
        return command;
    }

    private static Command ProviderListCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var page = new Option<int>("--page") { Description = "page, from 1", DefaultValueFactory = _ => 1 };
        var rows = new Option<int>("--rows") { Description = "rows, at most 10", DefaultValueFactory = _ => 10 };
        var command = new Command("provider-list", "The provider's authorisations, newest first") { page, rows };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Authorisations",
            c => c.Partners.ListAuthorizationsAsync(new TspRecordPageRequest
            {
                Page = parse.GetValue(page),
                Rows = parse.GetValue(rows),
            }, ct)));
        return command;
    }

    private static Command QrScanCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var content = new Argument<string>("qrContent") { Description = "the text in the merchant's QR code" };
        var command = new Command("qr-scan", "Sandbox: a Binance App user scans the merchant's QR code (MERCHANT_QR_CODE)")
        {
            content,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Scan",
            c => c.Sandbox.ScanMerchantQrAsync(parse.GetValue(content)!, ct)));
        return command;
    }

    private static Command ProviderEnableCommand(CliOutput output)
    {
        var id = new Argument<long>("merchantId") { Description = "the merchant made a provider" };
        var scopes = new Option<string[]>("--scope") { Description = "an allowed scope (repeat); all when absent" };
        var disable = new Option<bool>("--disable") { Description = "take the provider role away" };
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("provider-enable", "Admin: make a merchant a technical service provider")
        {
            id, scopes, disable, server, token, dataDir, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var chosen = parse.GetValue(scopes);
            var config = await admin.PostAsync(
                string.Create(CultureInfo.InvariantCulture, $"admin/merchants/{parse.GetValue(id)}/service-provider"),
                new
                {
                    enabled = !parse.GetValue(disable),
                    scopes = chosen is { Length: > 0 } ? chosen : null,
                }, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(config);
                return 0;
            }

            output.Table("Service provider",
                ("allowScopes", string.Join(", ", config.GetProperty("allowScopes").EnumerateArray()
                    .Select(s => s.GetString()))));
            return 0;
        });
        return command;
    }

    private static Command ProviderAuthorizationCommand(CliOutput output)
    {
        var id = new Argument<long>("authorizationId") { Description = "the provider's authorisation" };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "a scope the authorisation now grants (repeat): TP_AUTH_CHANGED to the provider",
        };
        var disable = new Option<bool>("--disable") { Description = "disable it instead: TP_AUTH_DISABLED" };
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("provider-authorization",
            "Admin: change an AUTHORIZED authorisation's scopes, as its merchant would in the merchant portal, or "
            + "disable it")
        {
            id, scopes, disable, server, token, dataDir, json,
        };
        command.Validators.Add(result =>
        {
            var chosen = result.GetValue(scopes) is { Length: > 0 };
            if (chosen == result.GetValue(disable))
            {
                result.AddError("give either --scope (one or more) or --disable");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var path = string.Create(CultureInfo.InvariantCulture,
                $"admin/service-provider/authorizations/{parse.GetValue(id)}");
            var state = parse.GetValue(disable)
                ? await admin.PostAsync(path + "/disable", new { }, ct).ConfigureAwait(false)
                : await admin.PostAsync(path + "/scopes", new { scopes = parse.GetValue(scopes) }, ct)
                    .ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(state);
                return 0;
            }

            output.Table("Authorisation",
                ("authorizationId", state.GetProperty("authorizationId").GetString()),
                ("status", state.GetProperty("status").GetString()),
                ("scopes", state.TryGetProperty("scopes", out var granted)
                    ? string.Join(", ", granted.EnumerateArray().Select(s => s.GetString()))
                    : ""));
            return 0;
        });
        return command;
    }
}
