using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Citrine.Client.Sandbox;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine faults arm|list|clear</c>: sandbox fault injection for the calling merchant
/// (docs/sandbox.md#fault-injection), through <see cref="SandboxClient"/>. <c>arm</c> takes exactly one of
/// <c>--status</c>, <c>--stall</c>, <c>--drop</c> or <c>--webhook</c>.
/// </summary>
public static class FaultsCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("faults",
            "Make the sandbox misbehave on purpose: 429/5xx answers, stalls, dropped connections, odd webhooks");
        command.Subcommands.Add(ArmCommand(output));
        command.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(ClearCommand(output));
        return command;
    }

    private static Command ArmCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var path = new Option<string?>("--path")
        {
            Description = "Fault only requests to this path, e.g. /binancepay/openapi/v2/order (default: all)",
        };
        var prefix = new Option<bool>("--prefix") { Description = "--path is a prefix, not an exact path" };
        var status = new Option<int?>("--status") { Description = "Answer HTTP 429, 500 or 503 (code 400000)" };
        var retryAfter = new Option<int?>("--retry-after")
        {
            Description = "With --status 429 or 503: a Retry-After header, in seconds (0 to 60)",
        };
        var stall = new Option<string?>("--stall")
        {
            Description = "Wait this long (e.g. 2s, at most 60s), then answer normally",
        };
        var drop = new Option<bool>("--drop") { Description = "Abort the connection without an answer" };
        var webhook = new Option<string?>("--webhook")
        {
            Description = "Fault webhook deliveries instead: duplicate, delay or reorder",
        };
        webhook.AcceptOnlyFromAmong("duplicate", "delay", "reorder");
        var delay = new Option<string>("--delay")
        {
            Description = "With --webhook delay: how long (at most 20s)",
            DefaultValueFactory = _ => "2s",
        };
        var count = new Option<int>("--count")
        {
            Description = "How many requests or deliveries to fault (1 to 100)",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("arm", "Arm a fault on your next requests or webhook deliveries")
        {
            path, prefix, status, retryAfter, stall, drop, webhook, delay, count,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var chosen = new[]
            {
                parse.GetValue(status) is not null, parse.GetValue(stall) is not null, parse.GetValue(drop),
                parse.GetValue(webhook) is not null,
            }.Count(b => b);
            if (chosen != 1)
            {
                output.Error("arm: give exactly one of --status, --stall, --drop or --webhook");
                return Task.FromResult(ExitCodes.Validation);
            }

            var request = new SandboxFaultRequest { Kind = SandboxFaultKinds.Drop, Count = parse.GetValue(count) };
            if (parse.GetValue(webhook) is { } hook)
            {
                if (parse.GetValue(path) is not null)
                {
                    output.Error("arm: --path applies to request faults, not to --webhook");
                    return Task.FromResult(ExitCodes.Validation);
                }

                request = request with { Kind = hook.ToUpperInvariant() };
                if (hook == "delay")
                {
                    if (!ClockCommand.TryDuration(parse.GetValue(delay)!, out var by))
                    {
                        output.Error($"--delay: '{parse.GetValue(delay)}' is not a duration such as 2s or 500ms");
                        return Task.FromResult(ExitCodes.Validation);
                    }

                    request = request with { DurationMs = (long)by.TotalMilliseconds };
                }
            }
            else
            {
                request = request with
                {
                    Path = parse.GetValue(path),
                    PathMatch = parse.GetValue(prefix) ? "PREFIX" : null,
                };
                if (parse.GetValue(status) is { } httpStatus)
                {
                    request = request with
                    {
                        Kind = SandboxFaultKinds.Status,
                        HttpStatus = httpStatus,
                        RetryAfterSeconds = parse.GetValue(retryAfter),
                    };
                }
                else if (parse.GetValue(stall) is { } stallText)
                {
                    if (!ClockCommand.TryDuration(stallText, out var by))
                    {
                        output.Error($"--stall: '{stallText}' is not a duration such as 2s or 500ms");
                        return Task.FromResult(ExitCodes.Validation);
                    }

                    request = request with { Kind = SandboxFaultKinds.Stall, DurationMs = (long)by.TotalMilliseconds };
                }
            }

            return SdkCall.RunAsync(output, sdk, parse, "Fault armed",
                c => c.Sandbox.ArmFaultAsync(request, ct));
        });
        return command;
    }

    private static Command ListCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var command = new Command("list", "Your fault rules, armed and spent, with what each has left");
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Faults",
            c => c.Sandbox.ListFaultsAsync(ct), (faults, json) =>
            {
                if (json)
                {
                    output.Json(faults);
                    return;
                }

                var table = new Table().Title("Faults").AddColumn("faultId").AddColumn("kind").AddColumn("applies to")
                    .AddColumn("detail").AddColumn("remaining");
                foreach (var fault in faults.EnumerateArray())
                {
                    table.AddRow(Markup.Escape(Number(fault, "faultId")),
                        Markup.Escape(fault.GetProperty("kind").GetString() ?? ""), Markup.Escape(AppliesTo(fault)),
                        Markup.Escape(Detail(fault)),
                        Markup.Escape($"{Number(fault, "remaining")} of {Number(fault, "count")}"));
                }

                output.Write(table);
            }));
        return command;
    }

    private static Command ClearCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var command = new Command("clear", "Delete all your fault rules");
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Faults cleared",
            c => c.Sandbox.ClearFaultsAsync(ct)));
        return command;
    }

    private static string Number(JsonElement value, string name) =>
        value.TryGetProperty(name, out var n) ? n.GetRawText() : "";

    private static string AppliesTo(JsonElement fault)
    {
        if (!fault.TryGetProperty("pathMatch", out var match))
        {
            return "webhook deliveries";
        }

        var path = fault.TryGetProperty("path", out var p) ? p.GetString() : null;
        return match.GetString() switch
        {
            "EXACT" => path ?? "",
            "PREFIX" => path + "*",
            _ => "all requests",
        };
    }

    private static string Detail(JsonElement fault)
    {
        var parts = new List<string>();
        if (fault.TryGetProperty("httpStatus", out var status))
        {
            parts.Add("HTTP " + status.GetRawText());
        }

        if (fault.TryGetProperty("retryAfterSeconds", out var retryAfter))
        {
            parts.Add("Retry-After " + retryAfter.GetRawText());
        }

        if (fault.TryGetProperty("durationMs", out var duration))
        {
            parts.Add(duration.GetInt64().ToString(CultureInfo.InvariantCulture) + " ms");
        }

        return string.Join(", ", parts);
    }
}
