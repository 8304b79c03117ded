using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Citrine.Contracts;
using Citrine.Server.Http.Declarations;
using Microsoft.OpenApi;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// The responses of an envelope endpoint: one per HTTP status, each <c>{status, code, data, errorMessage}</c>
/// (src/Citrine.Server/Http/BinanceEnvelope.cs) whose <c>code</c> lists the result codes answered with that status.
/// </summary>
internal static class Envelopes
{
    public static OpenApiResponses Responses(IEnumerable<DeclaredCode> codes, IOpenApiSchema data)
    {
        var responses = new OpenApiResponses();
        foreach (var group in codes.GroupBy(c => c.HttpStatus).OrderBy(g => g.Key))
        {
            var listed = group.Select(c => c.Code).DistinctBy(c => c.Code).OrderBy(c => c.Code, StringComparer.Ordinal)
                .ToList();
            // A replay answered with its stored result (000001, REPEAT_REQ_SUCCESS) carries data like a success.
            var success = group.Key == ResultCodes.Success.HttpStatus
                          && listed.All(c => c.IsSuccess || c.Code == ResultCodes.RepeatRequestSuccess.Code);
            responses[group.Key.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = Describe(listed),
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new OpenApiMediaType
                    {
                        Schema = !success ? Failure(listed)
                            : listed.Count == 1 ? Success(data) : SuccessOrReplay(data),
                    },
                },
            };
        }

        return responses;
    }

    private static OpenApiSchema Success(IOpenApiSchema data) => Envelope(
        new OpenApiSchema { Type = JsonSchemaType.String, Const = BinanceStatus.Success },
        new OpenApiSchema { Type = JsonSchemaType.String, Const = ResultCodes.Success.Code },
        data,
        new OpenApiSchema { Type = JsonSchemaType.Null });

    private static OpenApiSchema SuccessOrReplay(IOpenApiSchema data) => Envelope(
        new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [(JsonNode)JsonValue.Create(BinanceStatus.Success), (JsonNode)JsonValue.Create(BinanceStatus.RepeatRequestSuccess)],
        },
        new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [(JsonNode)JsonValue.Create(ResultCodes.Success.Code), (JsonNode)JsonValue.Create(ResultCodes.RepeatRequestSuccess.Code)],
        },
        data,
        new OpenApiSchema { Type = JsonSchemaType.Null | JsonSchemaType.String });

    private static OpenApiSchema Failure(IReadOnlyList<ResultCode> codes) => Envelope(
        new OpenApiSchema { Type = JsonSchemaType.String, Const = BinanceStatus.Fail },
        new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. codes.Select(c => (JsonNode)JsonValue.Create(c.Code))],
        },
        new OpenApiSchema { Type = JsonSchemaType.Null },
        new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            MaxLength = 256,
            Description = "Names the field (with its path) and the rule it broke.",
        });

    private static OpenApiSchema Envelope(IOpenApiSchema status, IOpenApiSchema code, IOpenApiSchema data,
        IOpenApiSchema errorMessage) => new()
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(["status", "code", "data", "errorMessage"], StringComparer.Ordinal),
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["status"] = status,
                ["code"] = code,
                ["data"] = data,
                ["errorMessage"] = errorMessage,
            },
        };

    private static string Describe(IReadOnlyList<ResultCode> codes)
    {
        if (codes is [{ IsSuccess: true }])
        {
            return "Success (000000).";
        }

        var text = new StringBuilder("| code | name | reason |\n|---|---|---|\n");
        foreach (var code in codes)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{code.Code}` | {code.Name} | {code.Reason} |\n");
        }

        return text.ToString();
    }
}
