using System.CommandLine;
using Citrine.Contracts.DirectDebit;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine contract create|query|terminate</c>: direct-debit contracts through Citrine.Client.</summary>
public static class ContractCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("contract", "Direct-debit contracts (merchant API, signed)");
        command.Subcommands.Add(CreateCommand(output));
        command.Subcommands.Add(QueryCommand(output));
        command.Subcommands.Add(TerminateCommand(output));
        return command;
    }

    private static Command CreateCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var code = new Option<string?>("--code") { Description = "merchantContractCode (default: a new one)" };
        var service = new Option<string>("--service-name") { Description = "serviceName", Required = true };
        var scenario = new Option<string>("--scenario") { Description = "scenarioCode", DefaultValueFactory = _ => "Others" };
        var limit = new Option<decimal>("--limit") { Description = "singleUpperLimit", Required = true };
        var currency = new Option<string>("--currency") { Description = "USDT or USDC", DefaultValueFactory = _ => "USDT" };
        var periodic = new Option<bool>("--periodic") { Description = "A periodic contract" };
        var cycleType = new Option<string?>("--cycle-type") { Description = "MONTH or DAY (periodic)" };
        var cycleValue = new Option<int?>("--cycle-value") { Description = "Months (1-24) or days (>7) between debits" };
        var firstDeduct = new Option<long?>("--first-deduct-time") { Description = "First debit, Unix ms (periodic)" };
        var account = new Option<string?>("--merchant-account-no") { Description = "merchantAccountNo" };
        var command = new Command("create", "Create a contract for a buyer to sign")
        {
            code, service, scenario, limit, currency, periodic, cycleType, cycleValue, firstDeduct, account,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Contract created",
            c => c.DirectDebit.CreateContractAsync(new CreateContractRequest
            {
                MerchantContractCode = parse.GetValue(code) ?? "cli" + Guid.NewGuid().ToString("N")[..24],
                ServiceName = parse.GetValue(service)!,
                ScenarioCode = parse.GetValue(scenario)!,
                SingleUpperLimit = parse.GetValue(limit),
                Currency = parse.GetValue(currency)!,
                Periodic = parse.GetValue(periodic),
                CycleDebitFixed = parse.GetValue(periodic) ? true : null,
                CycleType = parse.GetValue(cycleType),
                CycleValue = parse.GetValue(cycleValue),
                FirstDeductTime = parse.GetValue(firstDeduct),
                MerchantAccountNo = parse.GetValue(account),
            }, ct)));
        return command;
    }

    private static Command QueryCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var (contractId, code) = LookupOptions();
        var command = new Command("query", "Query a contract by --contract-id or --code") { contractId, code };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var (id, merchantCode) = Lookup(parse, contractId, code);
            return SdkCall.RunAsync(output, sdk, parse, "Contract", c => c.DirectDebit.GetContractAsync(
                new ContractLookupRequest { ContractId = id, MerchantContractCode = merchantCode }, ct));
        });
        return command;
    }

    private static Command TerminateCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var (contractId, code) = LookupOptions();
        var notes = new Option<string?>("--notes") { Description = "terminationNotes" };
        var command = new Command("terminate", "Terminate a signed contract by --contract-id or --code")
        {
            contractId, code, notes,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var (id, merchantCode) = Lookup(parse, contractId, code);
            return SdkCall.RunAsync(output, sdk, parse, "Contract terminated", c => c.DirectDebit.TerminateContractAsync(
                new TerminateContractRequest
                {
                    ContractId = id,
                    MerchantContractCode = merchantCode,
                    TerminationNotes = parse.GetValue(notes),
                }, ct));
        });
        return command;
    }

    private static (Option<long?> ContractId, Option<string?> Code) LookupOptions() =>
        (new Option<long?>("--contract-id") { Description = "contractId" },
            new Option<string?>("--code") { Description = "merchantContractCode" });

    private static (long? Id, string? Code) Lookup(ParseResult parse, Option<long?> contractId, Option<string?> code)
    {
        var (id, merchantCode) = (parse.GetValue(contractId), parse.GetValue(code));
        return id is null && merchantCode is null
            ? throw new InvalidOperationException("Give --contract-id or --code.")
            : (id, merchantCode);
    }
}
