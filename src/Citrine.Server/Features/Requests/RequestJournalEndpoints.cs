using Citrine.Application.Requests;
using Citrine.Contracts.Requests;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Requests;

/// <summary>
/// <c>POST /sandbox/requests/list</c> (Citrine-only, docs/sandbox.md#request-journal): the calling merchant's request
/// journal, newest first and paged by id, filtered by result code, path and time; or, with the admin token, any
/// merchant's by <c>merchantId</c>. A merchant only ever reads its own entries. Its own calls are not journaled, so
/// <c>citrine requests tail</c> does not read its own polls.
/// </summary>
internal static class RequestJournalEndpoints
{
    /// <summary>Largest page.</summary>
    public const int PageMax = 200;

    /// <summary>Page size without <c>limit</c>.</summary>
    public const int PageDefault = 50;

    private static readonly Field MerchantId = Integer("merchantId", required: true);
    private static readonly Field Code = Text("code", required: false, maxLength: 6, lettersOrDigits: true);
    private static readonly Field PathFilter = Text("path", required: false, maxLength: 256);
    private static readonly Field SinceMs = Integer("sinceMs", required: false);
    private static readonly Field BeforeId = Integer("beforeId", required: false);
    private static readonly Field AfterId = Integer("afterId", required: false);
    private static readonly Field Limit = Integer("limit", required: false);

    public static readonly EndpointDeclaration List = new()
    {
        Path = "/sandbox/requests/list",
        Auth = AuthPolicy.SignedOrAdmin,
        Request = Shape.Of(When("merchantId for the administrator", c => c.Caller.IsAdmin, MerchantId),
            Code, PathFilter, SinceMs, BeforeId, AfterId, Limit),
        Response = typeof(RequestPage),
        Journaled = false,
        Handler = ListAsync,
        Summary = "The merchant's request journal: recent calls with result code, first rule broken and body excerpt",
        Example = """{"limit":20}""",
        Codes = [],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [List];

    private static async Task<BinanceEnvelope> ListAsync(Inbound request, IRequestJournalStore store,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var merchantId = request.Caller.MerchantId ?? f.Number(MerchantId)!.Value;
        var limit = (int)Math.Clamp(f.Number(Limit) ?? PageDefault, 1, PageMax);
        var after = f.Number(AfterId);
        var entries = await store.ListAsync(new RequestJournalQuery(merchantId, f.Text(Code), f.Text(PathFilter),
            f.Number(SinceMs), after is null ? f.Number(BeforeId) : null, after, limit), cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.Ok(new RequestPage
        {
            MerchantId = merchantId,
            Entries = [.. entries.Select(View)],
            NextBeforeId = after is null && entries.Count == limit ? entries[^1].EntryId : null,
        });
    }

    private static RequestEntry View(RequestJournalEntry e) => new()
    {
        EntryId = e.EntryId,
        AtMs = e.AtMs,
        Method = e.Method,
        Path = e.Path,
        HttpStatus = e.HttpStatus,
        Code = e.Code,
        LatencyMs = e.LatencyMs,
        Rule = e.Rule,
        Timestamp = e.Timestamp,
        TimestampCheck = e.TimestampCheck,
        Nonce = e.Nonce,
        NonceCheck = e.NonceCheck,
        SignatureCheck = e.SignatureCheck,
        BodyExcerpt = e.BodyExcerpt,
        BodyBytes = e.BodyBytes,
    };
}
