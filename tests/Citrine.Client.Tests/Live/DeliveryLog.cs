using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Client.Tests.Live;

/// <summary>Citrine's side of a delivery, read through its admin API (Citrine-only): the outbox event, its delivery
/// attempts, and the signing certificates.</summary>
public static class DeliveryLog
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The merchant's newest event (<c>GET /admin/merchants/{id}/events</c>), once there is one.</summary>
    public static async Task<JsonElement> LatestEventAsync(TestServer server, long merchantId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var events = await AdminAsync(server, HttpMethod.Get, $"/admin/merchants/{merchantId}/events");
            if (events.GetArrayLength() > 0)
            {
                return events[0];
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "Citrine wrote no webhook event");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the event (<c>GET /admin/events/{id}</c>) is in <paramref name="state"/>; returns its
    /// detail: <c>{event, body, attempts}</c>.</summary>
    public static async Task<JsonElement> WaitForStateAsync(TestServer server, long eventId, string state)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var detail = await AdminAsync(server, HttpMethod.Get, $"/admin/events/{eventId}");
            if (State(detail) == state)
            {
                return detail;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"event {eventId} never reached {state}: {detail}");
            await Task.Delay(50);
        }
    }

    /// <summary>Rotates the webhook signing key (<c>POST /admin/certificates/rotate</c>); returns the listed serials,
    /// the new current key first.</summary>
    public static async Task<IReadOnlyList<string>> RotateAsync(TestServer server)
    {
        var keys = await AdminAsync(server, HttpMethod.Post, "/admin/certificates/rotate");
        return keys.EnumerateArray().Select(k => k.GetProperty("certSerial").GetString()!).ToList();
    }

    /// <summary>The listed certificates as the admin API shows them: serial and PEM.</summary>
    public static async Task<IReadOnlyList<(string Serial, string Pem)>> CertificatesAsync(TestServer server)
    {
        var keys = await AdminAsync(server, HttpMethod.Get, "/admin/certificates");
        return keys.EnumerateArray()
            .Select(k => (k.GetProperty("certSerial").GetString()!, k.GetProperty("certPublic").GetString()!))
            .ToList();
    }

    public static string State(JsonElement detail) => detail.GetProperty("event").GetProperty("state").GetString()!;

    public static long EventId(JsonElement view) => view.GetProperty("eventId").GetInt64();

    public static IReadOnlyList<JsonElement> Attempts(JsonElement detail) =>
        [.. detail.GetProperty("attempts").EnumerateArray()];

    private static async Task<JsonElement> AdminAsync(TestServer server, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await server.Http.SendAsync(request);
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>();
        envelope.GetProperty("code").GetString().ShouldBe("000000", envelope.ToString());
        return envelope.GetProperty("data").Clone();
    }
}
