using System.CommandLine;

namespace Citrine.Cli.Commands;

/// <summary>The <c>citrine</c> command tree. Each command lives in its own file and stays thin.</summary>
public static class CitrineCli
{
    public static RootCommand Build(TextWriter? output = null)
    {
        var console = new CliOutput(output ?? Console.Out);
        var root = new RootCommand("Citrine: a self-hosted Binance Pay merchant API server, sandbox and tools.");
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(MerchantCommand.Create(console));
        root.Subcommands.Add(KeyCommand.Create(console));
        root.Subcommands.Add(ListenCommand.Create(console));
        root.Subcommands.Add(CertCommand.Create(console));
        root.Subcommands.Add(OrderCommand.Create(console));
        root.Subcommands.Add(RefundCommand.Create(console));
        root.Subcommands.Add(BalanceCommand.Create(console));
        root.Subcommands.Add(TransferCommand.Create(console));
        root.Subcommands.Add(ClockCommand.Create(console));
        root.Subcommands.Add(FaultsCommand.Create(console));
        root.Subcommands.Add(ContractCommand.Create(console));
        root.Subcommands.Add(WebhookCommand.Create(console));
        root.Subcommands.Add(SignCommand.Create(console));
        root.Subcommands.Add(BuyerCommand.Create(console));
        root.Subcommands.Add(PayoutCommand.Create(console));
        root.Subcommands.Add(ConvertCommand.Create(console));
        root.Subcommands.Add(ReportCommand.Create(console));
        root.Subcommands.Add(PartnerCommand.Create(console));
        root.Subcommands.Add(SplitCommand.Create(console));
        root.Subcommands.Add(SubMerchantCommand.Create(console));
        root.Subcommands.Add(TriggerCommand.Create(console));
        root.Subcommands.Add(EventsCommand.Create(console));
        root.Subcommands.Add(SandboxCommand.Create(console));
        root.Subcommands.Add(RequestsCommand.Create(console));
        root.Subcommands.Add(Bench.BenchCommand.Create(console));
        return root;
    }

    /// <summary>Runs a command line; failures print one line (no stack trace) and exit 1.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null,
        CancellationToken cancellationToken = default)
    {
        var writer = output ?? Console.Out;
        try
        {
            return await Build(writer).Parse(args)
                .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = writer },
                    cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException
            or TimeoutException)
        {
            new CliOutput(writer).Error(e.Message);
            return 1;
        }
    }
}
