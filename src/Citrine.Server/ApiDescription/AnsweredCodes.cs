using Citrine.Contracts;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// Every result code a declared endpoint can answer: those of the ingress and its auth policy (in the order of
/// docs/compatibility.md#order-of-checks, as <see cref="IngressMiddleware"/> runs them), those its declared fields
/// and rules can break (as <see cref="ShapeReader"/> reads each kind), and the ones its declaration lists for the
/// handler (<see cref="EndpointDeclaration.Codes"/>).
/// </summary>
internal static class AnsweredCodes
{
    /// <summary>What the ingress answers for any body before authentication and after it.</summary>
    private static readonly DeclaredCode[] Body =
    [
        ResultCodes.MediaTypeNotSupported, ResultCodes.InvalidRequestTooLarge, ResultCodes.InvalidRequestBody,
        ResultCodes.InvalidRequest, // duplicate property names, nesting too deep
    ];

    /// <summary><see cref="Application.Auth.RequestAuthenticator"/>'s codes.</summary>
    private static readonly DeclaredCode[] Signed =
    [
        ResultCodes.BadApiKeyFmt, ResultCodes.InvalidApiKeyOrIp, ResultCodes.InvalidAccountStatus,
        ResultCodes.InvalidTimestamp, ResultCodes.InvalidRequest, ResultCodes.InvalidSignature,
    ];

    /// <summary>Any endpoint may be refused unprocessed under load or while the database is unreachable
    /// (docs/compatibility.md#backpressure).</summary>
    private static readonly DeclaredCode[] Capacity = [ResultCodes.TooManyRequests, ResultCodes.ServiceUnavailable];

    /// <summary>A missing or wrong admin token.</summary>
    private static readonly DeclaredCode AdminRefused = new(ResultCodes.InvalidApiKeyOrIp, 401);

    public static IReadOnlyList<DeclaredCode> Of(EndpointDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        var codes = new List<DeclaredCode> { ResultCodes.Success };
        codes.AddRange(declaration.Auth switch
        {
            AuthPolicy.SignedMerchant => Signed,
            AuthPolicy.AdminToken => [AdminRefused],
            AuthPolicy.SignedOrAdmin => [AdminRefused, .. Signed],
            _ => throw new InvalidOperationException(declaration.Auth.ToString()),
        });
        codes.AddRange(Body);
        codes.AddRange(OfShape(declaration.Request));
        codes.AddRange(declaration.Codes ?? []);
        codes.AddRange(Capacity);
        codes.Add(ResultCodes.UnknownError);
        return codes.Distinct().ToList();
    }

    /// <summary>The codes a read-only admin endpoint (GET) can answer.</summary>
    public static IReadOnlyList<DeclaredCode> OfAdminRead(IEnumerable<DeclaredCode> specific) =>
        [ResultCodes.Success, AdminRefused, .. specific, .. Capacity, ResultCodes.UnknownError];

    private static IEnumerable<DeclaredCode> OfShape(Shape shape) => shape.Items.SelectMany(item => item switch
    {
        Field field => OfField(field),
        Rule rule => [rule.Code],
        When conditional => OfShape(conditional.Then),
        _ => throw new InvalidOperationException(item.GetType().Name),
    });

    private static IEnumerable<DeclaredCode> OfField(Field field)
    {
        // Any field: missing, empty or of the wrong JSON type (400100); text with a NUL or a lone surrogate (400103).
        yield return ResultCodes.MandatoryParamEmptyOrMalformed;
        yield return ResultCodes.InvalidParamIllegalChar;
        foreach (var (_, code) in field.Rules())
        {
            yield return code;
        }

        switch (field.Kind)
        {
            case FieldKind.Url:
                yield return ResultCodes.InvalidParamWrongValue;
                break;
            case FieldKind.Enum or FieldKind.EnumList or FieldKind.TextList:
                yield return ResultCodes.InvalidParamWrongLength; // longer than any allowed value
                break;
            case FieldKind.Amount:
                yield return ResultCodes.InvalidParamWrongLength; // more than 8 decimals
                yield return ResultCodes.InvalidParamWrongValue; // out of range, not positive
                break;
            case FieldKind.AmountMap:
                yield return ResultCodes.InvalidParamWrongLength;
                yield return ResultCodes.InvalidParamWrongValue;
                yield return ResultCodes.InvalidRequest; // an asset given twice
                break;
            case FieldKind.Object or FieldKind.Array:
                foreach (var code in OfShape(field.Children!))
                {
                    yield return code;
                }

                break;
        }
    }
}
