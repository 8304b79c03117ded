using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Citrine.Contracts.Json;
using Microsoft.OpenApi;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// The JSON Schema of an answer's <c>data</c>, reflected from the Contracts type through the serializer's own
/// metadata (<see cref="WireJson.Options"/>), so property names, converters and omitted nulls are those the server
/// writes. Object types become components, referenced by name.
/// </summary>
internal sealed class ResponseSchemas(OpenApiDocument document)
{
    /// <summary>The wire options with the reflection resolver, read-only: the server's own options are left as
    /// they are.</summary>
    private static readonly JsonSerializerOptions Wire = ReadOnly(
        new JsonSerializerOptions(WireJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() });

    private readonly Dictionary<Type, string> _names = [];
    private readonly Dictionary<string, IOpenApiSchema> _components = new(StringComparer.Ordinal);

    /// <summary>The components made so far, by name.</summary>
    public IDictionary<string, IOpenApiSchema> Components => _components;

    public IOpenApiSchema For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return For(underlying);
        }

        if (Primitive(type) is { } primitive)
        {
            return primitive;
        }

        var info = Wire.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = For(info.ElementType!),
            },
            JsonTypeInfoKind.Dictionary => new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = For(info.ElementType!),
            },
            JsonTypeInfoKind.Object => Reference(type, info),
            _ => throw new InvalidOperationException(
                $"No JSON Schema for {type.FullName}: add it to {nameof(ResponseSchemas)}.{nameof(Primitive)}."),
        };
    }

    private OpenApiSchemaReference Reference(Type type, JsonTypeInfo info)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = type.Name;
            if (_components.ContainsKey(name))
            {
                name = (type.DeclaringType?.Name ?? type.Namespace?.Split('.')[^1]) + name;
            }

            _names[type] = name;
            var schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            };
            _components[name] = schema; // before the properties: a type may refer to itself
            foreach (var property in info.Properties)
            {
                // The attribute, not the CustomConverter: on a Nullable<T> property the serializer wraps the declared
                // converter in one of its own.
                var converter = (property.AttributeProvider as MemberInfo)?.GetCustomAttribute<JsonConverterAttribute>()
                    ?.ConverterType;
                schema.Properties[property.Name] = converter is not null
                    ? Converted(converter, property.PropertyType)
                    : For(property.PropertyType);
                // Nulls are omitted on the wire (WireJson.Options), so a property that can be null may be absent.
                if (!property.IsGetNullable && Nullable.GetUnderlyingType(property.PropertyType) is null)
                {
                    (schema.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(property.Name);
                }
            }
        }

        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>What each Contracts converter writes (src/Citrine.Contracts/Json/).</summary>
    private IOpenApiSchema Converted(Type converter, Type propertyType) => converter switch
    {
        _ when converter == typeof(FlexibleLongConverter) => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int64",
        },
        _ when converter == typeof(LongAsStringConverter) => new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Pattern = "^-?[0-9]+$",
        },
        _ when converter == typeof(FlexibleDecimalConverter) || converter == typeof(DecimalEightPlacesConverter) =>
            new OpenApiSchema { Type = JsonSchemaType.Number },
        // A JSON number in Java BigDecimal form: 990000.00000000, or 0E-8 and 1E-8 below 1e-6.
        _ when converter == typeof(JavaDecimalConverter) => new OpenApiSchema
        {
            Type = JsonSchemaType.Number,
            Description = "Scale 8 in Java BigDecimal form: plain (990000.00000000), scientific below 1e-6 (0E-8).",
        },
        _ when converter == typeof(DecimalAsStringConverter) || converter == typeof(DecimalAsShortStringConverter) =>
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"^-?[0-9]+(\.[0-9]{1,8})?$" },
        _ when converter == typeof(FlexibleStringConverter) => new OpenApiSchema { Type = JsonSchemaType.String },
        _ when converter.IsGenericType && converter.GetGenericTypeDefinition() == typeof(EmbeddedJsonConverter<>) =>
            For(propertyType),
        _ => throw new InvalidOperationException(
            $"No JSON Schema for converter {converter.Name}: add it to {nameof(ResponseSchemas)}.{nameof(Converted)}."),
    };

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly();
        return options;
    }

    private static OpenApiSchema? Primitive(Type type) => type switch
    {
        _ when type == typeof(string) => new OpenApiSchema { Type = JsonSchemaType.String },
        _ when type == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        _ when type == typeof(int) || type == typeof(short) => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
        },
        _ when type == typeof(long) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
        _ when type == typeof(decimal) || type == typeof(double) => new OpenApiSchema { Type = JsonSchemaType.Number },
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "date-time",
        },
        _ when type == typeof(JsonElement) || type == typeof(object) => new OpenApiSchema(),
        _ => null,
    };
}
