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

    /// <summary>A check after authentication and before any field rule (for example direct-debit access).</summary>
    public Type? Gate { get; init; }

    public required Delegate Handler { get; init; }
}
