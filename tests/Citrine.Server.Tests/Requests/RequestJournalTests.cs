using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Contracts.Requests;
using Citrine.Testing;

namespace Citrine.Server.Tests.Requests;

/// <summary>
/// The request journal end to end (issue 14 item 6; docs/observability.md#request-journal): what is recorded for a
/// good call, a bad signature, a broken field rule and a refusal before authentication; what is redacted; and that a
/// merchant reads only its own entries, through the SDK and raw HTTP.
/// </summary>
public abstract class RequestJournalTests(ServerFixture fixture)
{
    private const string OrderPath = "/binancepay/openapi/v2/order";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_good_call_a_bad_signature_a_broken_rule_and_a_refused_media_type_are_recorded()
    {
        var merchant = await Server.CreateMerchantAsync();
        var signed = Server.Signed(merchant);
        var tradeNo = Orders.NewTradeNo();
        (await signed.PostAsync(OrderPath, Orders.V2(tradeNo))).Code.ShouldBe("000000");
        var badNonce = Citrine.Contracts.Signing.Nonce.Create();
        var badTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var forged = await Server.Signed(merchant with { ApiSecret = new string('a', 64) })
            .PostRawAsync(OrderPath, JsonSerializer.Serialize(Orders.V2()), nonce: badNonce, timestampMs: badTimestamp);
        forged.Code.ShouldBe("400002");
        var tooLong = Orders.V2(new string('x', 33));
        var broken = await signed.PostAsync(OrderPath, tooLong);
        broken.Code.ShouldNotBe("000000");
        var media = await signed.PostRawAsync(OrderPath, "{}",
            r => r.Content!.Headers.ContentType = new("text/plain"));
        media.Code.ShouldBe("400007");

        var client = JournalKit.Client(Server, merchant);
        var page = await JournalKit.WaitAsync(client, p => p.Entries.Count == 4);
        page.MerchantId.ShouldBe(merchant.MerchantId);
        page.Entries.Select(e => e.EntryId).ShouldBeInOrder(SortDirection.Descending);
        var (mediaEntry, brokenEntry, forgedEntry, good) =
            (page.Entries[0], page.Entries[1], page.Entries[2], page.Entries[3]);

        (good.Method, good.Path, good.HttpStatus, good.Code, good.Rule).ShouldBe(("POST", OrderPath, 200, "000000",
            (string?)null));
        (good.TimestampCheck, good.NonceCheck, good.SignatureCheck).ShouldBe(("VALID", "VALID", "VALID"));
        good.BodyExcerpt!.ShouldContain(tradeNo);
        good.BodyBytes.ShouldBe(JsonSerializer.SerializeToUtf8Bytes(Orders.V2(tradeNo)).Length);
        good.LatencyMs.ShouldBeGreaterThanOrEqualTo(0);
        good.AtMs.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(),
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        (forgedEntry.Code, forgedEntry.HttpStatus, forgedEntry.Rule).ShouldBe(("400002", 400, forged.ErrorMessage));
        (forgedEntry.TimestampCheck, forgedEntry.NonceCheck, forgedEntry.SignatureCheck)
            .ShouldBe(("VALID", "NOT_RECORDED", "INVALID"));
        forgedEntry.Timestamp.ShouldBe(badTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        forgedEntry.Nonce.ShouldBe(badNonce);

        (brokenEntry.Code, brokenEntry.Rule).ShouldBe((broken.Code, broken.ErrorMessage));
        brokenEntry.Rule!.ShouldStartWith("merchantTradeNo");
        brokenEntry.SignatureCheck.ShouldBe("VALID");

        (mediaEntry.Code, mediaEntry.HttpStatus).ShouldBe(("400007", 415));
        (mediaEntry.TimestampCheck, mediaEntry.NonceCheck, mediaEntry.SignatureCheck, mediaEntry.BodyExcerpt)
            .ShouldBe(((string?)null, (string?)null, (string?)null, (string?)null));

        var onlyForged = await client.Sandbox.ListRequestsAsync(new RequestListRequest { Code = "400002" });
        onlyForged.Entries.ShouldHaveSingleItem().EntryId.ShouldBe(forgedEntry.EntryId);
        var onlyOtherPath = await client.Sandbox.ListRequestsAsync(new RequestListRequest { Path = "/x" });
        onlyOtherPath.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Secrets_sent_in_the_body_are_redacted_and_the_signature_is_never_stored()
    {
        var merchant = await Server.CreateMerchantAsync();
        var body = Orders.V2();
        body["apiSecret"] = merchant.ApiSecret;
        body["description"] = "my key is " + merchant.ApiSecret + " ok";
        body["payer"] = new Dictionary<string, object?> { ["card"] = "4111111111111111", ["password"] = "hunter2" };
        body["note"] = "card 4111 1111 1111 1111 exp";
        var text = JsonSerializer.Serialize(body);
        string? sentSignature = null;
        var answer = await Server.Signed(merchant).PostRawAsync(OrderPath, text,
            r => sentSignature = r.Headers.GetValues(Citrine.Contracts.Signing.BinancePayHeaders.Signature).Single());
        answer.Code.ShouldNotBeNullOrEmpty();

        var client = JournalKit.Client(Server, merchant);
        var entry = (await JournalKit.WaitAsync(client, p => p.Entries.Count == 1)).Entries[0];
        var excerpt = entry.BodyExcerpt!;
        excerpt.ShouldNotContain(merchant.ApiSecret);
        excerpt.ShouldNotContain("4111");
        excerpt.ShouldNotContain("hunter2");
        excerpt.ShouldContain("\"apiSecret\":\"[REDACTED]\"");
        excerpt.ShouldContain("my key is [REDACTED] ok");
        excerpt.ShouldContain("card [REDACTED] exp");
        excerpt.ShouldContain((string)body["merchantTradeNo"]!);
        excerpt.Length.ShouldBeLessThanOrEqualTo(512);

        // Nothing of the secret or the signature anywhere in the answer, nor in any stored column.
        var raw = await Server.Signed(merchant).PostAsync("/sandbox/requests/list", new { limit = 10 });
        raw.Body.ShouldNotContain(merchant.ApiSecret);
        raw.Body.ShouldNotContain(sentSignature!);
        var stored = await Server.Database.ReadAsync(async (c, ct) =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT * FROM request_journal";
            await using var reader = await command.ExecuteReaderAsync(ct);
            var cells = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    cells.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
                }
            }

            return cells;
        }, CancellationToken.None);
        stored.ShouldNotBeEmpty();
        stored.ShouldAllBe(cell => !cell.Contains(merchant.ApiSecret) && !cell.Contains(sentSignature!));
    }

    [Fact]
    public async Task A_merchant_sees_only_its_own_requests_and_the_admin_names_the_merchant()
    {
        var alice = await Server.CreateMerchantAsync("Alice");
        var bob = await Server.CreateMerchantAsync("Bob");
        (await Server.Signed(alice).PostAsync(OrderPath, Orders.V2())).Code.ShouldBe("000000");
        (await Server.Signed(alice with { ApiSecret = new string('b', 64) }).PostAsync(OrderPath, Orders.V2()))
            .Code.ShouldBe("400002");
        (await Server.Signed(bob).PostAsync("/binancepay/openapi/certificates", new { })).Code.ShouldBe("000000");

        var aliceClient = JournalKit.Client(Server, alice);
        var bobClient = JournalKit.Client(Server, bob);
        await JournalKit.WaitAsync(aliceClient, p => p.Entries.Count == 2);
        var bobs = await JournalKit.WaitAsync(bobClient, p => p.Entries.Count == 1);
        bobs.MerchantId.ShouldBe(bob.MerchantId);
        bobs.Entries.ShouldHaveSingleItem().Path.ShouldBe("/binancepay/openapi/certificates");

        // Naming Alice in the body changes nothing for Bob: the signature decides whose journal it is.
        var asAlice = await Server.Signed(bob).PostAsync("/sandbox/requests/list",
            new { merchantId = alice.MerchantId, code = "400002" });
        asAlice.Code.ShouldBe("000000");
        asAlice.Data.GetProperty("merchantId").GetInt64().ShouldBe(bob.MerchantId);
        asAlice.Data.GetProperty("entries").GetArrayLength().ShouldBe(0);

        // The journal's own reads are not journaled (a tail would otherwise read its own polls).
        (await bobClient.Sandbox.ListRequestsAsync()).Entries.ShouldHaveSingleItem();

        using var admin = await Server.Http.PostAsJsonAsync("/sandbox/requests/list",
            new { merchantId = alice.MerchantId, code = "400002" });
        var envelope = await admin.Content.ReadFromJsonAsync<JsonElement>();
        envelope.GetProperty("code").GetString().ShouldBe("000000");
        envelope.GetProperty("data").GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("code").GetString()).ShouldBe(["400002"]);
        using var nameless = await Server.Http.PostAsJsonAsync("/sandbox/requests/list", new { limit = 1 });
        nameless.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Pages_go_back_by_id_and_forward_after_a_cursor()
    {
        var merchant = await Server.CreateMerchantAsync();
        for (var i = 0; i < 5; i++)
        {
            (await Server.Signed(merchant).PostAsync("/binancepay/openapi/certificates", new { })).Code
                .ShouldBe("000000");
        }

        var client = JournalKit.Client(Server, merchant);
        var all = await JournalKit.WaitAsync(client, p => p.Entries.Count == 5);
        var first = await client.Sandbox.ListRequestsAsync(new RequestListRequest { Limit = 2 });
        first.Entries.Select(e => e.EntryId).ShouldBe(all.Entries.Take(2).Select(e => e.EntryId));
        first.NextBeforeId.ShouldBe(all.Entries[1].EntryId);
        var second = await client.Sandbox.ListRequestsAsync(new RequestListRequest
        {
            Limit = 2,
            BeforeId = first.NextBeforeId,
        });
        second.Entries.Select(e => e.EntryId).ShouldBe(all.Entries.Skip(2).Take(2).Select(e => e.EntryId));
        var forward = await client.Sandbox.ListRequestsAsync(new RequestListRequest
        {
            AfterId = all.Entries[3].EntryId,
            Limit = 10,
        });
        forward.Entries.Select(e => e.EntryId).ShouldBe(all.Entries.Take(3).Select(e => e.EntryId).Reverse());
        forward.NextBeforeId.ShouldBeNull();
    }
}

public sealed class SqliteRequestJournalTests(SqliteServer fixture)
    : RequestJournalTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresRequestJournalTests(PostgresServer fixture)
    : RequestJournalTests(fixture), IClassFixture<PostgresServer>;
