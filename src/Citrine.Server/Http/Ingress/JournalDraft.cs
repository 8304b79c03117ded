using Citrine.Application.Requests;
using Citrine.Contracts.Signing;
using Citrine.Server.Features.Requests;
using Citrine.Server.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Http.Ingress;

/// <summary>
/// What the ingress gathers for the request journal while it admits a merchant call: when it arrived, the authenticator's
/// findings (<see cref="AuthTrace"/>, which names the merchant) and the start of the raw body. Once the answer is sent
/// it becomes one <see cref="JournaledRequest"/> with the envelope's code and rule (<see cref="RequestTrace"/>), queued
/// without waiting (<see cref="RequestJournal"/>). A request whose API key names no merchant is not journaled.
/// </summary>
internal sealed class JournalDraft(long atMs)
{
    /// <summary>Longest path and header value kept.</summary>
    private const int TextMax = 256;

    private ReadOnlyMemory<byte> _body;
    private int _bodyBytes;

    public AuthTrace Auth { get; } = new();

    /// <summary>Keeps at most <see cref="BodyExcerpt.RawMaxBytes"/> of the body (a copy only when it is longer, so the
    /// queue never holds a whole large body).</summary>
    public void Keep(ReadOnlyMemory<byte> body)
    {
        _bodyBytes = body.Length;
        _body = body.Length <= BodyExcerpt.RawMaxBytes ? body : body[..BodyExcerpt.RawMaxBytes].ToArray();
    }

    public void RecordWhenSent(HttpContext context, RequestJournal journal)
    {
        if (Auth.MerchantId is null)
        {
            return;
        }

        context.Response.OnCompleted(static state =>
        {
            var (draft, context, journal) = ((JournalDraft, HttpContext, RequestJournal))state;
            journal.Record(draft.Complete(context));
            return Task.CompletedTask;
        }, (this, context, journal));
    }

    private JournaledRequest Complete(HttpContext context)
    {
        var trace = RequestTrace.Of(context);
        var headers = context.Request.Headers;
        return new JournaledRequest(Auth.MerchantId!.Value, atMs, context.Request.Method,
            Cut(context.Request.Path.Value) ?? "", context.Response.StatusCode, trace?.Code ?? "",
            trace is null ? 0 : (long)trace.Elapsed.TotalMilliseconds, trace?.Message,
            Cut(headers[BinancePayHeaders.Timestamp]), Auth.Timestamp, Cut(headers[BinancePayHeaders.Nonce]),
            Auth.Nonce, Auth.Signature, _body, _bodyBytes);
    }

    private static string? Cut(string? text) => text is null || text.Length <= TextMax ? text : text[..TextMax];
}
