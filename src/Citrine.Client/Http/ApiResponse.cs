namespace Citrine.Client.Http;

/// <summary>The outcome of one call: data on success, else the service's refusal; plus how many attempts it took,
/// which the create and close recoveries need (an earlier attempt may have done the work), and the envelope's status
/// (<c>REPEAT_REQ_SUCCESS</c> marks a replay).</summary>
internal sealed record ApiResponse<T>(T? Data, CitrineApiException? Error, int Attempts, DateTimeOffset StartedAt)
{
    public string? Status { get; init; }

    public T Value => Error is null ? Data! : throw Error;
}
