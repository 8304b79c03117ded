using System.Globalization;
using System.Text.Json.Nodes;
using Citrine.Server.Http.Declarations;
using Microsoft.OpenApi;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// The JSON Schema of a request body, read from the same <see cref="Shape"/> that <see cref="ShapeReader"/> checks a
/// body against: each field's JSON type, limits, allowed values and whether it is required, with the rules and the
/// result code of each in its description, in the order they are checked.
/// </summary>
internal static class RequestSchemas
{
    /// <summary>A decimal with at most 8 decimals, as a JSON string (a JSON number is checked the same way).</summary>
    public const string AmountPattern = @"^[0-9]+(\.[0-9]{1,8})?$";

    private const string AssetPattern = "^[A-Za-z0-9]{1,10}$";

    public static OpenApiSchema Of(Shape shape)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
        };
        var rules = new List<string>();
        Add(schema, shape, condition: null, rules);
        if (rules.Count > 0)
        {
            schema.Description = "Checked in this order after the fields before them: " + string.Join("; ", rules) + ".";
        }

        return schema;
    }

    private static void Add(OpenApiSchema schema, Shape shape, string? condition, List<string> rules)
    {
        foreach (var item in shape.Items)
        {
            switch (item)
            {
                case Field field:
                    var property = OfField(field);
                    if (condition is not null)
                    {
                        property.Description = $"Read only when: {condition}. {property.Description}";
                    }
                    else if (field.Required)
                    {
                        (schema.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(field.Name);
                    }

                    // A field declared twice (once per condition) is described once, by its first declaration.
                    schema.Properties!.TryAdd(field.Name, property);
                    break;
                case Rule rule:
                    rules.Add($"{rule.Description} ({rule.Code.Code})");
                    break;
                case When conditional:
                    Add(schema, conditional.Then, conditional.Description, rules);
                    break;
                default:
                    throw new InvalidOperationException(item.GetType().Name);
            }
        }
    }

    private static OpenApiSchema OfField(Field field)
    {
        var schema = field.Kind switch
        {
            FieldKind.String => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = field.LettersOrDigits ? "^[A-Za-z0-9]*$" : null,
            },
            FieldKind.Enum => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. field.Allowed.Select(value => (JsonNode)JsonValue.Create(value))],
            },
            FieldKind.Url => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
            FieldKind.Amount => Amount(field.Positive),
            FieldKind.Integer => new OpenApiSchema
            {
                Type = JsonSchemaType.Integer | JsonSchemaType.String,
                Format = "int64",
                Pattern = "^[0-9]{1,19}$",
            },
            FieldKind.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            FieldKind.Object => Of(field.Children!),
            FieldKind.Array => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = Of(field.Children!),
                MaxItems = field.MaxItems == int.MaxValue ? null : field.MaxItems,
            },
            FieldKind.EnumList => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. field.Allowed.Select(value => (JsonNode)JsonValue.Create(value))],
                },
                MaxItems = field.MaxItems == int.MaxValue ? null : field.MaxItems,
            },
            FieldKind.TextList => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MaxLength = field.MaxLength == int.MaxValue ? null : field.MaxLength,
                },
                MaxItems = field.MaxItems == int.MaxValue ? null : field.MaxItems,
            },
            FieldKind.AmountMap => new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = AssetPattern },
                AdditionalProperties = Amount(positive: true),
            },
            _ => throw new InvalidOperationException(field.Kind.ToString()),
        };
        if (field.MaxLength != int.MaxValue && field.Kind is FieldKind.String or FieldKind.Url)
        {
            schema.MaxLength = field.MaxLength;
        }

        var rules = string.Join("; ", field.Rules().Select(r => $"{r.Rule} ({r.Code.Code})"));
        var accepts = field.Kind switch
        {
            FieldKind.String => " A JSON integer is taken as its text.",
            FieldKind.Integer => " A string of digits is accepted too.",
            FieldKind.EnumList or FieldKind.TextList => " A single string is taken as a list of one.",
            FieldKind.Boolean => " The strings \"true\" and \"false\" are accepted too.",
            FieldKind.Amount => " A string of the number is accepted too; at most 8 decimals (400101)"
                                + (field.Positive ? ", greater than 0 (400102)." : "."),
            FieldKind.AmountMap => " Keys are asset names, 1 to 10 letters or digits (400103); each value an amount "
                                   + "greater than 0 with at most 8 decimals, as a number or a string.",
            _ => "",
        };
        schema.Description = $"Rules, in the order they are checked: {rules}.{accepts}";
        return schema;
    }

    /// <summary>An amount: a JSON number or a string of one, at most 8 decimals, greater than zero when
    /// <paramref name="positive"/>.</summary>
    private static OpenApiSchema Amount(bool positive) => new()
    {
        Type = JsonSchemaType.Number | JsonSchemaType.String,
        Pattern = AmountPattern,
        ExclusiveMinimum = positive ? "0" : null,
        Minimum = positive ? null : "0",
        Description = string.Create(CultureInfo.InvariantCulture,
            $"A decimal amount as a JSON number or string, at most 8 decimals{(positive ? ", greater than 0" : "")}."),
    };
}
