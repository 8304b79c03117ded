using System.Reflection;
using System.Text.Json.Serialization;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Refunds;
using Citrine.Server.Features.Refunds;
using Citrine.Server.Http.Declarations;

namespace Citrine.Server.Tests.Declarations;

/// <summary>
/// The SDK's request DTOs (Citrine.Contracts) and the server's endpoint declarations name the same wire fields,
/// nested objects and array items included: a DTO property the server does not declare, or a declared field the SDK
/// cannot send, fails here.
/// </summary>
public sealed class DtoParityTests
{
    private static readonly EndpointRegistry Registry = new(sandbox: true);

    public static TheoryData<string> MerchantPaths() => [.. Registry.Merchant.Select(d => d.Path)];

    [Theory]
    [MemberData(nameof(MerchantPaths))]
    public void The_request_DTO_and_the_declaration_name_the_same_fields(string path)
    {
        var declaration = Registry.Merchant.Single(d => d.Path == path);
        if (declaration.RequestDto is null)
        {
            // Query Certificate has no documented body; the SDK sends {} and the declaration reads no field.
            declaration.Request.Items.ShouldBeEmpty(path);
            return;
        }

        var (onlyInDto, onlyDeclared) = Compare(declaration.RequestDto, declaration.Request);
        onlyInDto.ShouldBeEmpty($"{path}: {declaration.RequestDto.Name} properties the declaration lacks");
        onlyDeclared.ShouldBeEmpty($"{path}: declared fields {declaration.RequestDto.Name} lacks");
    }

    [Fact]
    public void Every_merchant_endpoint_but_Query_Certificate_names_its_DTO()
    {
        Registry.Merchant.Where(d => d.RequestDto is null).Select(d => d.Path)
            .ShouldBe(["/binancepay/openapi/certificates"]);
        Registry.Merchant.Count.ShouldBeGreaterThanOrEqualTo(15);
    }

    [Fact]
    public void The_comparison_sees_a_missing_field_on_either_side_and_inside_nested_objects()
    {
        var (onlyInDto, onlyDeclared) = Compare(typeof(RefundOrderRequest), RefundEndpoints.Query.Request);
        onlyInDto.ShouldBe(["prepayId", "refundAmount", "refundReason", "webhookUrl"], ignoreOrder: true);
        onlyDeclared.ShouldBeEmpty();

        var v2 = Registry.Merchant.Single(d => d.RequestDto == typeof(CreateOrderV2Request)).Request;
        var withoutShipping = new Shape([.. v2.Items.Where(i => i is not Field { Name: "shipping" })]);
        Compare(typeof(CreateOrderV2Request), withoutShipping).OnlyInDto
            .ShouldContain("shipping.shippingAddress.region");
        Compare(typeof(CreateOrderV1Request), v2).OnlyDeclared.ShouldContain("goods.goodsUnitAmount.amount");
    }

    private static (List<string> OnlyInDto, List<string> OnlyDeclared) Compare(Type dto, Shape shape)
    {
        var dtoNames = DtoNames(dto, "").ToHashSet(StringComparer.Ordinal);
        var declared = DeclaredNames(shape, "").ToHashSet(StringComparer.Ordinal);
        return ([.. dtoNames.Except(declared).Order(StringComparer.Ordinal)],
            [.. declared.Except(dtoNames).Order(StringComparer.Ordinal)]);
    }

    private static IEnumerable<string> DeclaredNames(Shape shape, string prefix) =>
        shape.Fields().SelectMany(field => field.Kind switch
        {
            FieldKind.Object => [prefix + field.Name, .. DeclaredNames(field.Children!, $"{prefix}{field.Name}.")],
            FieldKind.Array => [prefix + field.Name, .. DeclaredNames(field.Children!, $"{prefix}{field.Name}[].")],
            _ => new[] { prefix + field.Name },
        });

    private static IEnumerable<string> DtoNames(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }

            var name = prefix + (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.Name}.{property.Name} has no JsonPropertyName"));
            yield return name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var item = propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
                ? propertyType.GetGenericArguments()[0]
                : null;
            foreach (var nested in IsContract(item) ? DtoNames(item!, name + "[].")
                     : IsContract(propertyType) ? DtoNames(propertyType, name + ".") : [])
            {
                yield return nested;
            }
        }
    }

    private static bool IsContract(Type? type) =>
        type is { IsClass: true } && type != typeof(string) && type.Namespace?.StartsWith("Citrine.Contracts",
            StringComparison.Ordinal) == true;
}
