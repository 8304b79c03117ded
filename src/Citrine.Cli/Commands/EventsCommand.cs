using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine events list|show|resend</c>: the merchant's own webhook events and their delivery attempts, through the
/// signed sandbox API (docs/sandbox.md#webhook-events). A merchant sees only its own events.
/// </summary>
public static class EventsCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("events", "List, show and resend your webhook events (sandbox API, signed)");
        command.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(ShowCommand(output));
        command.Subcommands.Add(ResendCommand(output));
        return command;
    }

    private static Command ListCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var limit = new Option<int>("--limit") { Description = "At most this many (1 to 200)", DefaultValueFactory = _ => 20 };
        var before = new Option<long?>("--before") { Description = "Only events older than this eventId (paging)" };
        var command = new Command("list", "Your webhook events, newest first") { limit, before };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Webhook events",
            c => c.Sandbox.ListWebhookEventsAsync(parse.GetValue(limit), parse.GetValue(before), ct),
            (events, json) =>
            {
                if (json)
                {
                    output.Json(events);
                    return;
                }

                var table = new Table().Title("Webhook events").AddColumn("eventId").AddColumn("bizType")
                    .AddColumn("bizIdStr").AddColumn("bizStatus").AddColumn("state").AddColumn("attempts")
                    .AddColumn("created (UTC)");
                foreach (var e in events.EnumerateArray())
                {
                    table.AddRow(Cell(e, "eventId"), Cell(e, "bizType"), Cell(e, "bizIdStr"), Cell(e, "bizStatus"),
                        Cell(e, "state"), Cell(e, "attempts"), Markup.Escape(Time(e.GetProperty("createdAtMs"))));
                }

                output.Write(table);
            }));
        return command;
    }

    private static Command ShowCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var eventId = new Argument<long>("eventId") { Description = "The event to show" };
        var command = new Command("show", "One event: its exact body and every delivery attempt") { eventId };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Webhook event",
            c => c.Sandbox.GetWebhookEventAsync(parse.GetValue(eventId), ct), (detail, json) => Render(output, detail, json)));
        return command;
    }

    private static Command ResendCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var eventId = new Argument<long>("eventId") { Description = "The event to deliver again" };
        var command = new Command("resend", "Deliver an event again, now; its body is unchanged") { eventId };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Webhook event",
            c => c.Sandbox.RedeliverWebhookAsync(parse.GetValue(eventId), ct), (detail, json) => Render(output, detail, json)));
        return command;
    }

    /// <summary>An event detail (<c>{event, body, attempts}</c>) as a field table and an attempts table.</summary>
    internal static void Render(CliOutput output, JsonElement detail, bool json)
    {
        if (json)
        {
            output.Json(detail);
            return;
        }

        var e = detail.GetProperty("event");
        output.Table("Webhook event " + Text(e, "eventId"),
            ("bizType", Text(e, "bizType")), ("bizIdStr", Text(e, "bizIdStr")), ("bizStatus", Text(e, "bizStatus")),
            ("state", Text(e, "state")), ("attempts", $"{Text(e, "attempts")} of {Text(e, "attemptsMax")}"),
            ("webhookUrl", Text(e, "webhookUrl")), ("lastError", Text(e, "lastError")),
            ("body", detail.GetProperty("body").GetString()));
        var attempts = new Table().Title("Attempts").AddColumn("round").AddColumn("attempt").AddColumn("at (UTC)")
            .AddColumn("outcome").AddColumn("HTTP").AddColumn("ms").AddColumn("answer or error");
        foreach (var a in detail.GetProperty("attempts").EnumerateArray())
        {
            attempts.AddRow(Cell(a, "round"), Cell(a, "attempt"), Markup.Escape(Time(a.GetProperty("attemptedAtMs"))),
                a.GetProperty("delivered").GetBoolean() ? "[green]delivered[/]" : "[red]failed[/]",
                Cell(a, "httpStatus"), Cell(a, "latencyMs"),
                Markup.Escape(Text(a, "error") ?? Text(a, "responseExcerpt") ?? ""));
        }

        output.Write(attempts);
    }

    private static string Cell(JsonElement element, string name) => Markup.Escape(Text(element, name) ?? "");

    internal static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();

    private static string Time(JsonElement ms) =>
        ms.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms.GetInt64()).ToString("yyyy-MM-dd HH:mm:ss.fff",
                CultureInfo.InvariantCulture)
            : "";
}
