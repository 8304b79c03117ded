using System.Text.Json;
using Citrine.Client;
using Citrine.Contracts.Requests;
using Citrine.Testing;

namespace Citrine.Server.Tests.Requests;

/// <summary>Shared steps of the request journal tests: a merchant's SDK client and waiting for the writer.</summary>
internal static class JournalKit
{
    public static CitrineClient Client(TestServer server, TestMerchant merchant) =>
        new(server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0 });

    /// <summary>Lists until <paramref name="done"/> holds: entries are written in batches, after the answer.</summary>
    public static async Task<RequestPage> WaitAsync(CitrineClient client, Func<RequestPage, bool> done,
        RequestListRequest? request = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await client.Sandbox.ListRequestsAsync(request ?? new RequestListRequest { Limit = 200 });
            if (done(page))
            {
                return page;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("journal never got there: " + JsonSerializer.Serialize(page));
            }

            await Task.Delay(50);
        }
    }
}
