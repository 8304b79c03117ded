using Citrine.Contracts;
using Citrine.Server.Http.Ingress;

namespace Citrine.Server.Http.Declarations;

/// <summary>
/// One endpoint, declared once: path, who may call it, the request fields in the order they are checked, the
/// Contracts DTO the SDK sends (checked against the fields by a test), the answer's <c>data</c> type, and the handler.
/// The ingress validates the body against <see cref="Request"/> before <see cref="Handler"/> runs; the handler takes
/// the <see cref="Inbound"/> request and its dependencies as parameters.
/// </summary>
internal sealed record EndpointDeclaration
{
    public required string Path { get; init; }

    public required AuthPolicy Auth { get; init; }

    public required Shape Request { get; init; }

    /// <summary>The request DTO of <c>Citrine.Contracts</c> for this endpoint, when the SDK has one.</summary>
    public Type? RequestDto { get; init; }

    /// <summary>The type of the envelope's <c>data</c> on success.</summary>
    public required Type Response { get; init; }

    /// <summary>An empty body (and the body <c>null</c>) is read as <c>{}</c>, Content-Type then optional.</summary>
    public bool AllowEmptyBody { get; init; }

    /// <summary>A larger body cap than <c>Citrine:MaxRequestBodyBytes</c>, for an endpoint whose documented limits
    /// need one (a batch payout of 500 lines); the larger of the two applies.</summary>
    public int? MaxBodyBytes { get; init; }

    /// <summary>A check after authentication and before any field rule (for example direct-debit access).</summary>
    public Type? Gate { get; init; }

    public required Delegate Handler { get; init; }

    /// <summary>Merchant calls are recorded in the request journal; false for the journal's own reads, so that a
    /// tail polling it does not read its own polls.</summary>
    public bool Journaled { get; init; } = true;

    /// <summary>One line for the API description (<c>GET /openapi.json</c>); the path stands in when absent.</summary>
    public string? Summary { get; init; }

    /// <summary>
    /// A request body that succeeds (000000), shown in the API description and sent, signed, by a test against a
    /// live server (tests/Citrine.Server.Tests/ApiDescription/ExampleRequestTests.cs). Null means "not written yet",
    /// which fails that test.
    /// </summary>
    public string? Example { get; init; }

    /// <summary>
    /// The result codes the handler (and the use case below it) can answer beyond those of the ingress, the auth
    /// policy and the declared fields, which the API description derives itself. Empty when there are none; null
    /// means "not listed yet", which fails the API description tests.
    /// </summary>
    public IReadOnlyList<DeclaredCode>? Codes { get; init; }
}

/// <summary>A result code an endpoint answers, with the HTTP status it answers it with (the code's own unless the
/// handler chooses another, as the admin API's 404 for an unknown id).</summary>
internal readonly record struct DeclaredCode(ResultCode Code, int HttpStatus)
{
    public static implicit operator DeclaredCode(ResultCode code) => FromResultCode(code);

    public static DeclaredCode FromResultCode(ResultCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new(code, code.HttpStatus);
    }

    /// <summary>The code answered with HTTP 404 (an unknown id in an admin path).</summary>
    public static DeclaredCode NotFound(ResultCode code) => new(code, 404);
}
