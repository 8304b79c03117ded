using System.Reflection;
using System.Text.Json;
using Citrine.Server.Http.Declarations;

namespace Citrine.Server.Tests.ApiDescription;

/// <summary>
/// Every declaration carries what the API description cannot derive: an example request and the result codes of its
/// handler. A declaration added without them fails here, with the line to add and the field that holds it.
/// </summary>
public sealed class DeclarationCompletenessTests
{
    [Fact]
    public void Every_declaration_has_an_example_request_and_lists_its_handler_codes()
    {
        var problems = new List<string>();
        foreach (var declaration in new EndpointRegistry(sandbox: true).All)
        {
            var where = DeclaredIn(declaration);
            if (declaration.Example is null)
            {
                problems.Add($"POST {declaration.Path} ({where}) has no example: add "
                             + "Example = \"\"\"{...}\"\"\" to its EndpointDeclaration, a JSON body that succeeds "
                             + "(000000) when signed by a fresh merchant (or sent with the admin token); if it needs "
                             + "an order, contract or event first, create it in ExampleRequestTests.PrepareAsync.");
            }
            else if (!IsObject(declaration.Example))
            {
                problems.Add($"POST {declaration.Path} ({where}): Example is not one JSON object.");
            }

            if (declaration.Codes is null)
            {
                problems.Add($"POST {declaration.Path} ({where}) does not list its codes: add Codes = "
                             + "[ResultCodes.X, …] to its EndpointDeclaration with every code its handler and use case "
                             + "can answer beyond those of the ingress, the auth policy and the declared fields "
                             + "(DeclaredCode.NotFound(code) for one answered with HTTP 404); Codes = [] if none.");
            }
        }

        problems.ShouldBeEmpty();
    }

    private static bool IsObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The static field holding the declaration, for the message ("RefundEndpoints.Refund").</summary>
    private static string DeclaredIn(EndpointDeclaration declaration) =>
        typeof(EndpointRegistry).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(EndpointDeclaration) && !f.DeclaringType!.ContainsGenericParameters)
            .FirstOrDefault(f => ReferenceEquals(f.GetValue(null), declaration)) is { } field
            ? $"{field.DeclaringType!.Name}.{field.Name}"
            : "its declaring class under src/Citrine.Server/Features";
}
