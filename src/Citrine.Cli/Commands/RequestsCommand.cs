using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Citrine.Client;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Requests;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine requests list|tail</c>: the merchant's request journal (<c>POST /sandbox/requests/list</c>,
/// docs/observability.md#request-journal), so an integrator sees why a call failed without the server's logs. One
/// line per request; a 400002 line is followed by the <c>citrine sign</c> command that explains the signature.
/// </summary>
public static class RequestsCommand
{
    /// <summary>Entries one tail poll asks for.</summary>
    private const int TailPage = 100;

    public static Command Create(CliOutput output)
    {
        var command = new Command("requests", "Your merchant's recent API calls: result code, first rule broken, body excerpt");
        command.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(TailCommand(output));
        return command;
    }

    private static Command ListCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var filters = new Filters();
        var since = new Option<string?>("--since") { Description = "Only requests of the last duration: 90s, 15m, 2h, 1d" };
        var limit = new Option<int>("--limit") { Description = "At most this many (1 to 200)", DefaultValueFactory = _ => 20 };
        var beforeId = new Option<long?>("--before-id") { Description = "Older than this entry (the next page)" };
        var command = new Command("list", "List your merchant's recent requests, newest first") { since, limit, beforeId };
        filters.AddTo(command);
        sdk.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            long? sinceMs = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!ClockCommand.TryDuration(text, out var ago))
                {
                    output.Error($"--since: '{text}' is not a duration such as 90s, 15m, 2h or 1d");
                    return ExitCodes.Validation;
                }

                sinceMs = (DateTimeOffset.UtcNow - ago).ToUnixTimeMilliseconds();
            }

            var request = filters.Request(parse) with
            {
                SinceMs = sinceMs,
                BeforeId = parse.GetValue(beforeId),
                Limit = parse.GetValue(limit),
            };
            return await SdkCall.RunAsync(output, sdk, parse, "Requests",
                c => c.Sandbox.ListRequestsAsync(request, ct), (page, json) =>
                {
                    if (json)
                    {
                        output.Json(JsonSerializer.SerializeToElement(page, WireJson.Options));
                        return;
                    }

                    if (page.Entries.Count == 0)
                    {
                        output.Writer.WriteLine($"No requests recorded for merchant {page.MerchantId}.");
                    }

                    foreach (var entry in page.Entries)
                    {
                        Print(output.Writer, entry);
                    }

                    if (page.NextBeforeId is { } next)
                    {
                        output.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"More: citrine requests list --before-id {next}"));
                    }
                }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command TailCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var filters = new Filters();
        var count = new Option<int?>("--count") { Description = "Stop after this many requests" };
        var timeout = new Option<int?>("--timeout") { Description = "Stop after this many seconds" };
        var interval = new Option<int>("--interval-ms")
        {
            Description = "How often to poll the journal",
            DefaultValueFactory = _ => 1000,
        };
        var command = new Command("tail", "Print your merchant's requests as they arrive (Ctrl+C to stop)")
        {
            count, timeout, interval,
        };
        filters.AddTo(command);
        sdk.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (parse.GetValue(timeout) is { } seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }

            var client = sdk.CreateClient(parse);
            var seen = 0;
            try
            {
                seen = await TailAsync(output, client, filters.Request(parse), parse.GetValue(sdk.Json),
                    parse.GetValue(count), TimeSpan.FromMilliseconds(Math.Max(50, parse.GetValue(interval))),
                    stop.Token).ConfigureAwait(false);
            }
            catch (CitrineApiException e)
            {
                output.Error($"{e.Code} {e.CodeName ?? "(unknown code)"}: {e.ErrorMessage ?? "no message"} (HTTP {e.HttpStatus})");
                return ExitCodes.For(e.Code);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped before the first answer.
            }

            if (!parse.GetValue(sdk.Json))
            {
                output.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped after {seen} request(s)."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> TailAsync(CliOutput output, CitrineClient client, RequestListRequest filter,
        bool json, int? count, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Start after the newest entry: a tail shows what happens from now on.
        var newest = await client.Sandbox.ListRequestsAsync(new RequestListRequest { Limit = 1 }, cancellationToken)
            .ConfigureAwait(false);
        var cursor = newest.Entries.Count > 0 ? newest.Entries[0].EntryId : 0;
        if (!json)
        {
            output.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Tailing requests of merchant {newest.MerchantId} (Ctrl+C to stop)"));
        }

        var seen = 0;
        while (count is null || seen < count)
        {
            RequestPage page;
            try
            {
                page = await client.Sandbox.ListRequestsAsync(filter with { AfterId = cursor, Limit = TailPage },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            foreach (var entry in page.Entries.Take(count is { } max ? max - seen : int.MaxValue))
            {
                if (json)
                {
                    output.Writer.WriteLine(JsonSerializer.Serialize(entry, WireJson.Options));
                }
                else
                {
                    Print(output.Writer, entry);
                }

                seen++;
            }

            if (page.Entries.Count > 0)
            {
                cursor = page.Entries[^1].EntryId;
            }

            if ((count is { } limit && seen >= limit) || page.Entries.Count == TailPage)
            {
                continue; // Done, or more are waiting: ask again at once.
            }

            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return seen;
    }

    /// <summary>One request: a line, then for a refusal the checks and the body excerpt, and for 400002 how to find
    /// out why the signature did not match.</summary>
    internal static void Print(TextWriter writer, RequestEntry e)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs).UtcDateTime;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"#{e.EntryId}  {at:yyyy-MM-dd HH:mm:ss.fff}Z  {e.Method} {e.Path}  {e.Code} HTTP {e.HttpStatus}  ") +
            string.Create(CultureInfo.InvariantCulture, $"{e.LatencyMs} ms") + (e.Rule is { } rule ? "  " + rule : ""));
        if (e.Code == ResultCodes.Success.Code || e.Code == ResultCodes.RepeatRequestSuccess.Code)
        {
            return;
        }

        writer.WriteLine($"    timestamp {e.Timestamp ?? "-"} ({e.TimestampCheck ?? "not checked"})  nonce " +
                         $"{e.Nonce ?? "-"} ({e.NonceCheck ?? "not checked"})  signature {e.SignatureCheck ?? "not checked"}");
        if (e.BodyExcerpt is { } body)
        {
            writer.WriteLine($"    body: {body}");
        }

        if (e.Code == ResultCodes.InvalidSignature.Code)
        {
            writer.WriteLine("    signed payload: timestamp + \"\\n\" + nonce + \"\\n\" + body + \"\\n\", HMAC-SHA512 with the "
                             + "API secret, upper-case hex");
            writer.WriteLine($"    explain: citrine sign --secret <API secret> --timestamp {e.Timestamp ?? "<timestamp>"} "
                             + $"--nonce {e.Nonce ?? "<nonce>"} --body <file with the exact body bytes sent> "
                             + "--signature <BinancePay-Signature sent>");
        }
    }

    /// <summary>The filters both subcommands take.</summary>
    private sealed class Filters
    {
        private readonly Option<string?> _code = new("--code")
        {
            Description = $"Only this result code, e.g. {ResultCodes.InvalidSignature.Code}",
        };

        private readonly Option<string?> _path = new("--path")
        {
            Description = "Only this exact path, e.g. /binancepay/openapi/v3/order",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(_code);
            command.Options.Add(_path);
        }

        public RequestListRequest Request(ParseResult parse) =>
            new() { Code = parse.GetValue(_code), Path = parse.GetValue(_path) };
    }
}
