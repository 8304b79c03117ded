using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Citrine.Contracts;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.OpenApi;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// The OpenAPI 3.1 document of the server (<c>GET /openapi.json</c>), built from the <see cref="EndpointRegistry"/>
/// the server maps and validates with, plus <see cref="UndeclaredRoutes"/>. Built and serialised once, on first use,
/// then served from memory: nothing of it runs on the hot path of a merchant request.
/// </summary>
internal sealed partial class ApiDocument(EndpointRegistry registry)
{
    public const string Title = "Citrine: Binance Pay merchant API";

    /// <summary>The name of each declared endpoint's example request in its request body's <c>examples</c>.</summary>
    public const string ExampleName = "succeeds";

    private readonly Lazy<byte[]> _json = new(() => Serialize(Build(registry)));

    /// <summary>The document as UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Json => _json.Value;

    public static OpenApiDocument Build(EndpointRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = Title,
                Version = typeof(ApiDocument).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                Description = Security.Overview,
                License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
            },
            Servers = [new OpenApiServer { Url = "/", Description = "This Citrine server" }],
            Paths = [],
            Components = new OpenApiComponents { SecuritySchemes = Security.Schemes() },
            Tags = new HashSet<OpenApiTag>(
            [
                new() { Name = Tags.Merchant, Description = "The Binance Pay merchant API, signed with the merchant's API key." },
                new() { Name = Tags.Sandbox, Description = "Citrine-only sandbox helpers: pay, expire, clock, webhooks, reset." },
                new() { Name = Tags.Admin, Description = "Citrine-only administration with the admin token." },
                new() { Name = "Hosted pages", Description = "Pages a buyer's browser opens: checkout and contract signing." },
                new() { Name = "Health", Description = "Probes for orchestrators and monitoring." },
                new() { Name = "Dashboard", Description = "The sandbox dashboard: server-rendered pages for an operator or one merchant (docs/sandbox.md#dashboard)." },
            ]),
        };
        var schemas = new ResponseSchemas(document);
        foreach (var declaration in registry.All)
        {
            Add(document, "POST", declaration.Path, Declared(document, schemas, declaration));
        }

        foreach (var route in UndeclaredRoutes.All)
        {
            Add(document, route.Method, route.Pattern, Undeclared(document, schemas, route));
        }

        document.Components.Schemas = schemas.Components;
        return document;
    }

    /// <summary>The OpenAPI path of a route pattern: <c>{merchantId:long}</c> becomes <c>{merchantId}</c>.</summary>
    public static string PathOf(string routePattern) => RouteParameter().Replace(routePattern, "{$1}");

    private static byte[] Serialize(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Add(OpenApiDocument document, string method, string pattern, OpenApiOperation operation)
    {
        var path = PathOf(pattern);
        operation.OperationId = OperationId(method, path);
        operation.Parameters = [.. PathParameters(pattern), .. operation.Parameters ?? []];
        if (!document.Paths.TryGetValue(path, out var item))
        {
            item = new OpenApiPathItem();
            document.Paths[path] = item;
        }

        ((OpenApiPathItem)item).AddOperation(new HttpMethod(method), operation);
    }

    private static OpenApiOperation Declared(OpenApiDocument document, ResponseSchemas schemas,
        EndpointDeclaration declaration)
    {
        var body = new OpenApiMediaType { Schema = RequestSchemas.Of(declaration.Request) };
        if (declaration.Example is { } example)
        {
            // A named example rather than "example": the writer leaves out an empty object there, and "{}" is the
            // whole request of several endpoints.
            body.Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal)
            {
                [ExampleName] = new OpenApiExample
                {
                    Summary = "A request that succeeds",
                    Value = JsonNode.Parse(example),
                },
            };
        }

        return new OpenApiOperation
        {
            Summary = declaration.Summary ?? declaration.Path,
            Tags = new HashSet<OpenApiTagReference> { new(Tags.Of(declaration.Path), document) },
            Security = Security.For(declaration.Auth, document),
            RequestBody = new OpenApiRequestBody
            {
                Required = !declaration.AllowEmptyBody && declaration.Auth != AuthPolicy.AdminToken,
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = body,
                },
            },
            Responses = Envelopes.Responses(AnsweredCodes.Of(declaration), schemas.For(declaration.Response)),
        };
    }

    private static OpenApiOperation Undeclared(OpenApiDocument document, ResponseSchemas schemas,
        UndeclaredRoute route)
    {
        var operation = new OpenApiOperation
        {
            Summary = route.Summary,
            Tags = new HashSet<OpenApiTagReference> { new(route.Tag, document) },
            Security = route.Data is not null && route.Pattern.StartsWith("/admin/", StringComparison.Ordinal)
                ? Security.For(AuthPolicy.AdminToken, document)
                : [],
            Parameters = [.. route.Query.Select(q => (IOpenApiParameter)new OpenApiParameter
            {
                Name = q.Name,
                In = ParameterLocation.Query,
                Description = q.Description,
                Schema = route.Data is not null
                    ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }
                    : new OpenApiSchema { Type = JsonSchemaType.String },
            })],
        };
        if (route.Form.Count > 0)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/x-www-form-urlencoded"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = route.Form.ToDictionary(f => f,
                                IOpenApiSchema (_) => new OpenApiSchema { Type = JsonSchemaType.String },
                                StringComparer.Ordinal),
                        },
                    },
                },
            };
        }

        if (route.Data is { } data)
        {
            operation.Responses = Envelopes.Responses(
                route.Pattern.StartsWith("/admin/", StringComparison.Ordinal)
                    ? AnsweredCodes.OfAdminRead(route.Codes)
                    : [ResultCodes.Success],
                schemas.For(data));
            return operation;
        }

        operation.Responses = new OpenApiResponses
        {
            [route.Status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = route.Status switch
                {
                    302 or 303 => "Redirects the browser (Location header).",
                    _ => route.Summary,
                },
                Content = route.MediaType is { } mediaType
                    ? new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                    {
                        [mediaType] = new OpenApiMediaType(),
                    }
                    : null,
            },
        };
        foreach (var (status, meaning) in route.Others)
        {
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] =
                new OpenApiResponse { Description = meaning };
        }

        return operation;
    }

    private static IEnumerable<IOpenApiParameter> PathParameters(string pattern) =>
        RouteParameter().Matches(pattern).Select(m => (IOpenApiParameter)new OpenApiParameter
        {
            Name = m.Groups[1].Value,
            In = ParameterLocation.Path,
            Required = true,
            Schema = m.Groups[2].Value == ":long"
                ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }
                : new OpenApiSchema { Type = JsonSchemaType.String },
        });

    private static string OperationId(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', '-', '.', '{', '}').Where(s => s.Length > 0))
        {
            id.Append(char.ToUpperInvariant(segment[0])).Append(segment.AsSpan(1));
        }

        return id.ToString();
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>The tags of the declared endpoints, by path.</summary>
    private static class Tags
    {
        public const string Merchant = "Merchant API";
        public const string Sandbox = "Sandbox";
        public const string Admin = "Admin";

        public static string Of(string path) =>
            path.StartsWith("/admin/", StringComparison.Ordinal) ? Admin
            : path.StartsWith("/sandbox/", StringComparison.Ordinal) ? Sandbox
            : Merchant;
    }
}
