using System.CommandLine;
using System.Text.Json;
using Citrine.Client;
using Citrine.Contracts.Json;
using Citrine.Contracts.Reports;
using Citrine.Contracts.Wallets;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine report file|balance|show</c>: the report API through Citrine.Client, with downloads of the
/// files behind the signed links.</summary>
public static class ReportCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("report", "Reports: daily files and balance reports (merchant API, signed)");
        command.Subcommands.Add(FileCommand(output));
        command.Subcommands.Add(BalanceCommand(output));
        command.Subcommands.Add(ShowCommand(output));
        return command;
    }

    private static Command FileCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var type = new Option<string>("--type")
        {
            Description = "reportType",
            DefaultValueFactory = _ => ReportNames.Transaction,
        };
        type.AcceptOnlyFromAmong([.. ReportNames.ReportTypes]);
        var transactionType = new Option<string?>("--transaction-type")
        {
            Description = "Payment or Payout (a Transaction report; default Payment)",
        };
        var start = new Option<string>("--start") { Description = "startDate, dd/MM/yyyy", Required = true };
        var end = new Option<string>("--end") { Description = "endDate, dd/MM/yyyy", Required = true };
        var dir = new Option<string?>("--out") { Description = "download every file into this directory" };
        var command = new Command("file", "List the daily files of a window (report/get-file), optionally download them")
        {
            type, transactionType, start, end, dir,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var reportType = parse.GetValue(type)!;
            return SdkCall.RunAsync(output, sdk, parse, "Report files", async c =>
            {
                var files = await c.Reports.GetFilesAsync(new ReportFileRequest
                {
                    ReportType = reportType,
                    TransactionType = reportType == ReportNames.Transaction
                        ? parse.GetValue(transactionType) ?? ReportNames.Payment
                        : null,
                    StartDate = parse.GetValue(start)!,
                    EndDate = parse.GetValue(end)!,
                }, ct).ConfigureAwait(false);
                var saved = new List<string>();
                if (parse.GetValue(dir) is { } directory)
                {
                    Directory.CreateDirectory(directory);
                    foreach (var file in files)
                    {
                        var path = Path.Combine(directory, Path.GetFileName(file.FileName));
                        await DownloadAsync(c, file.DownloadUrl, path, ct).ConfigureAwait(false);
                        saved.Add(path);
                    }
                }

                return (files, saved);
            }, (result, json) => RenderFiles(output, json, result.files, result.saved));
        });
        return command;
    }

    private static void RenderFiles(CliOutput output, bool json, IReadOnlyList<ReportFileResult> files,
        IReadOnlyList<string> saved)
    {
        if (json)
        {
            var node = JsonSerializer.SerializeToNode(files, WireJson.Options)!;
            output.Json(new { files = node, saved });
            return;
        }

        output.Table($"Report files ({files.Count})", [.. files.Select(f => (f.FileName, (string?)f.DownloadUrl)),
            .. saved.Select(p => ("saved", (string?)p))]);
    }

    private static Command BalanceCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var wallet = new Option<string?>("--wallet") { Description = "walletType (default: both wallets)" };
        wallet.AcceptOnlyFromAmong([.. WalletNames.Wallets]);
        var start = new Option<string>("--start") { Description = "startDate, yyyy-MM-dd", Required = true };
        var end = new Option<string>("--end") { Description = "endDate, yyyy-MM-dd, before today", Required = true };
        var command = new Command("balance", "Start a balance report job (balance-report); prints its download id")
        {
            wallet, start, end,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Balance report",
            async c => new BalanceReportStarted(await c.Reports.RequestBalanceReportAsync(new BalanceReportRequest
            {
                ReportType = ReportNames.Balance,
                WalletType = parse.GetValue(wallet),
                StartDate = parse.GetValue(start)!,
                EndDate = parse.GetValue(end)!,
            }, ct).ConfigureAwait(false))));
        return command;
    }

    private static Command ShowCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var id = new Option<string>("--download-id") { Description = "the job's download id", Required = true };
        var wait = new Option<bool>("--wait") { Description = "poll until the job is no longer PROCESSING" };
        var file = new Option<string?>("--out") { Description = "download the built report to this path" };
        var command = new Command("show", "Query a balance report job (balance-report/query), optionally download it")
        {
            id, wait, file,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Balance report", async c =>
        {
            var request = new BalanceReportQueryRequest { DownloadId = parse.GetValue(id)! };
            var result = await c.Reports.QueryBalanceReportAsync(request, ct).ConfigureAwait(false);
            while (parse.GetValue(wait) && result.Status == "PROCESSING")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
                result = await c.Reports.QueryBalanceReportAsync(request, ct).ConfigureAwait(false);
            }

            if (parse.GetValue(file) is { } path && result.DownloadUrl.Length > 0)
            {
                await DownloadAsync(c, result.DownloadUrl, path, ct).ConfigureAwait(false);
                return new BalanceReportShown(result.Exist, result.Status, result.DownloadUrl, path);
            }

            return new BalanceReportShown(result.Exist, result.Status, result.DownloadUrl, null);
        }));
        return command;
    }

    private static async Task DownloadAsync(CitrineClient client, string url, string path, CancellationToken ct)
    {
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            await client.Reports.DownloadAsync(new Uri(url), stream, ct).ConfigureAwait(false);
        }
    }

    private sealed record BalanceReportStarted(
        [property: System.Text.Json.Serialization.JsonPropertyName("downloadId")] string DownloadId);

    private sealed record BalanceReportShown(
        [property: System.Text.Json.Serialization.JsonPropertyName("exist")] bool Exist,
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string? Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("downloadUrl")] string DownloadUrl,
        [property: System.Text.Json.Serialization.JsonPropertyName("savedTo")] string? SavedTo);
}
