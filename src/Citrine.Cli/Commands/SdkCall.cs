using System.CommandLine;
using System.Text.Json;
using Citrine.Client;
using Citrine.Contracts.Json;

namespace Citrine.Cli.Commands;

/// <summary>Runs one SDK call for a command and renders its result or its refusal; maps refusals to exit codes.</summary>
public static class SdkCall
{
    public static Task<int> RunAsync<T>(CliOutput output, SdkOptions sdk, ParseResult parse, string title,
        Func<CitrineClient, Task<T>> call) =>
        RunAsync(output, sdk, parse, title, call, (result, json) => Render(output, json, title, result));

    /// <summary>As above, with the command's own rendering of the result (<c>json</c> tells which form).</summary>
    public static async Task<int> RunAsync<T>(CliOutput output, SdkOptions sdk, ParseResult parse, string title,
        Func<CitrineClient, Task<T>> call, Action<T, bool> render)
    {
        var json = parse.GetValue(sdk.Json);
        try
        {
            var result = await call(sdk.CreateClient(parse)).ConfigureAwait(false);
            render(result, json);
            return ExitCodes.Success;
        }
        catch (CitrineApiException e)
        {
            if (json)
            {
                output.Json(new
                {
                    status = e.Status ?? "FAIL",
                    code = e.Code,
                    name = e.CodeName,
                    errorMessage = e.ErrorMessage,
                    httpStatus = e.HttpStatus,
                });
            }
            else
            {
                output.Error(
                    $"{e.Code} {e.CodeName ?? "(unknown code)"}: {e.ErrorMessage ?? "no message"} (HTTP {e.HttpStatus})");
            }

            return ExitCodes.For(e.Code);
        }
    }

    /// <summary>Prints a wire DTO: its JSON (wire names, nulls left out) or a two-column table of its fields.</summary>
    public static void Render<T>(CliOutput output, bool json, string title, T value)
    {
        var element = JsonSerializer.SerializeToElement(value, WireJson.Options);
        if (json)
        {
            output.Json(element);
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            output.Table(title, ("result", Text(element)));
            return;
        }

        output.Table(title, element.EnumerateObject().Select(p => (p.Name, Text(p.Value))).ToArray());
    }

    private static string? Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
}
