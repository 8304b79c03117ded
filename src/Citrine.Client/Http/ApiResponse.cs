namespace Citrine.Client.Http;

/// <summary>The outcome of one call: data on success, else the service's refusal; plus how many attempts it took,
/// which the create and close recoveries need (an earlier attempt may have done the work).</summary>
internal sealed record ApiResponse<T>(T? Data, CitrineApiException? Error, int Attempts, DateTimeOffset StartedAt)
{
    public T Value => Error is null ? Data! : throw Error;
}
