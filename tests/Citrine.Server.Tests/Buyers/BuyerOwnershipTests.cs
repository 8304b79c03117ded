using System.Globalization;
using System.Net;
using System.Text.Json;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Buyers;

/// <summary>
/// Buyer ownership (docs/sandbox.md#buyers): a merchant's own buyer is usable by that merchant only, and to every
/// other merchant it is answered exactly as a buyer that does not exist, on every call that takes a buyer.
/// </summary>
public abstract class BuyerOwnershipTests(ServerFixture fixture)
{
    /// <summary>Buyer ids have 9 digits: 1 names nobody.</summary>
    private const long UnknownBuyerId = 1;

    /// <summary>As a dictionary: the admin helper writes property names in camelCase.</summary>
    private static readonly Dictionary<string, string> Usdt100 = new() { ["USDT"] = "100" };

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_foreign_buyer_is_answered_exactly_as_an_unknown_one_on_every_buyer_taking_call()
    {
        var victim = await Server.NewDirectDebitMerchantAsync();
        var attacker = await Server.NewDirectDebitMerchantAsync();
        var foreign = await OwnBuyerAsync(victim, "Victim's own");
        var foreignId = foreign.GetProperty("buyerId").GetInt64();
        var prepayId = await attacker.CreateOrderAsync();
        var contractCode = ContractBodies.NewCode();
        await attacker.CreateContractAsync(ContractBodies.OneOff(contractCode));

        var calls = new (string Name, Func<long, Task<Answer>> Call)[]
        {
            ("pay", id => attacker.SandboxPayAsync(prepayId, id)),
            ("admin pay", id => Server.AdminPostAsync("/sandbox/orders/pay",
                new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture), buyerId = id })),
            ("sign", id => attacker.PostAsync("/sandbox/direct-debit/contracts/sign",
                new { merchantContractCode = contractCode, buyerId = id })),
            ("fund", id => attacker.PostAsync("/sandbox/buyers/fund",
                new { buyerId = id, funds = new { USDT = "5" } })),
        };
        foreach (var (name, call) in calls)
        {
            var asForeign = await call(foreignId);
            var asUnknown = await call(UnknownBuyerId);
            asForeign.Code.ShouldBe("409002", $"{name}: {asForeign}");
            asForeign.HttpStatus.ShouldBe(asUnknown.HttpStatus, name);
            Ided(asForeign.Body, foreignId).ShouldBe(Ided(asUnknown.Body, UnknownBuyerId), name);
        }

        // The receiver check by Binance ID and by Pay ID, with the hints that would match: false, as for nobody.
        foreach (var (type, field) in new[] { ("BINANCE_ID", "binanceId"), ("PAY_ID", "payId") })
        {
            var check = await attacker.PostAsync("/binancepay/openapi/payout/receiver/check", new
            {
                receiveType = type,
                receiverId = foreign.GetProperty(field).GetInt64().ToString(CultureInfo.InvariantCulture),
                registrationEmail = foreign.GetProperty("email").GetString(),
            });
            var nobody = await attacker.PostAsync("/binancepay/openapi/payout/receiver/check",
                new { receiveType = type, receiverId = "1", registrationEmail = "nobody@example.com" });
            check.Body.ShouldBe(nobody.Body, type);
            check.Data.GetBoolean().ShouldBeFalse();
        }

        // Nothing moved: the attacker's order and contract are untouched, the victim's buyer is not debited.
        (await attacker.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
        (await attacker.QueryByCodeAsync(contractCode)).Data.GetProperty("bizStatus").GetString()
            .ShouldBe("INITIAL");
        (await Server.BuyerBalancesAsync(foreignId))["USDT"].ShouldBe("100.00000000");

        // The owner itself may use its buyer.
        var own = await victim.SandboxPayAsync(await victim.CreateOrderAsync(), foreignId);
        own.Code.ShouldBe("000000", own.ToString());
    }

    [Fact]
    public async Task The_admin_gives_a_buyer_to_one_merchant_or_shares_it_with_all()
    {
        var owner = Server.Signed(await Server.CreateMerchantAsync());
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var given = await Server.AdminPostAsync("/admin/buyers", new
        {
            name = "Given",
            merchantId = owner.Merchant.MerchantId,
            funds = Usdt100,
        });
        given.Code.ShouldBe("000000", given.ToString());
        given.Data.GetProperty("merchantId").GetInt64().ShouldBe(owner.Merchant.MerchantId);
        given.Data.GetProperty("shared").GetBoolean().ShouldBeFalse();
        var shared = await Server.AdminPostAsync("/admin/buyers",
            new { name = "Shared", shared = true, funds = Usdt100 });
        shared.Data.GetProperty("shared").GetBoolean().ShouldBeTrue();
        (!shared.Data.TryGetProperty("merchantId", out var owned) || owned.ValueKind == JsonValueKind.Null)
            .ShouldBeTrue(shared.ToString());
        var givenId = given.Data.GetProperty("buyerId").GetInt64();
        var sharedId = shared.Data.GetProperty("buyerId").GetInt64();

        (await other.SandboxPayAsync(await other.CreateOrderAsync(), givenId)).Code.ShouldBe("409002");
        (await other.SandboxPayAsync(await other.CreateOrderAsync(), sharedId)).Code.ShouldBe("000000");
        (await owner.SandboxPayAsync(await owner.CreateOrderAsync(), givenId)).Code.ShouldBe("000000");
        (await owner.SandboxPayAsync(await owner.CreateOrderAsync(), sharedId)).Code.ShouldBe("000000");

        var ownerList = Ids((await owner.PostAsync("/sandbox/buyers/list", new { })).Data);
        ownerList.ShouldContain(givenId);
        ownerList.ShouldContain(sharedId);
        var otherList = Ids((await other.PostAsync("/sandbox/buyers/list", new { })).Data);
        otherList.ShouldNotContain(givenId);
        otherList.ShouldContain(sharedId);
    }

    [Fact]
    public async Task The_admin_names_an_existing_owner_and_not_both_an_owner_and_shared()
    {
        var merchant = await Server.CreateMerchantAsync();
        var both = await Server.AdminPostAsync("/admin/buyers",
            new { name = "Both", merchantId = merchant.MerchantId, shared = true });
        both.Code.ShouldBe("400102", both.ToString());
        both.ErrorMessage.ShouldBe("shared: a buyer of merchantId cannot also be shared");
        var nobody = await Server.AdminPostAsync("/admin/buyers", new { name = "Orphan", merchantId = 42 });
        nobody.HttpStatus.ShouldBe(HttpStatusCode.NotFound, nobody.ToString());
        nobody.ErrorMessage.ShouldBe("merchantId: merchant 42 not found");
        (await Server.QueryDbAsync("SELECT COUNT(*) FROM buyers WHERE name IN ('Both', 'Orphan')",
            r => r.GetInt64(0))).ShouldBe([0L]);
    }

    [Fact]
    public async Task A_reset_keeps_the_merchants_buyers_and_their_owner()
    {
        var merchant = Server.Signed(await Server.CreateMerchantAsync());
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var buyerId = (await OwnBuyerAsync(merchant, "Kept")).GetProperty("buyerId").GetInt64();
        await merchant.SandboxPayAsync(await merchant.CreateOrderAsync(), buyerId);

        (await merchant.PostAsync("/sandbox/reset", new { })).Code.ShouldBe("000000");

        Ids((await merchant.PostAsync("/sandbox/buyers/list", new { })).Data).ShouldContain(buyerId);
        (await merchant.SandboxPayAsync(await merchant.CreateOrderAsync(), buyerId)).Code.ShouldBe("000000");
        (await other.SandboxPayAsync(await other.CreateOrderAsync(), buyerId)).Code.ShouldBe("409002");
    }

    private static async Task<JsonElement> OwnBuyerAsync(SignedHttp merchant, string name)
    {
        var answer = await merchant.PostAsync("/sandbox/buyers", new { name, funds = new { USDT = "100" } });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("merchantId").GetInt64().ShouldBe(merchant.Merchant.MerchantId);
        answer.Data.GetProperty("shared").GetBoolean().ShouldBeFalse();
        return answer.Data;
    }

    private static List<long> Ids(JsonElement buyers) =>
        [.. buyers.EnumerateArray().Select(b => b.GetProperty("buyerId").GetInt64())];

    /// <summary>The body with the buyer id it names replaced, so two answers can be compared byte for byte.</summary>
    private static string Ided(string body, long buyerId) =>
        body.Replace(string.Create(CultureInfo.InvariantCulture, $"sandbox buyer {buyerId}"),
            "sandbox buyer {buyerId}", StringComparison.Ordinal);
}

public sealed class SqliteBuyerOwnershipTests(SqlitePaymentServer fixture)
    : BuyerOwnershipTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresBuyerOwnershipTests(PostgresPaymentServer fixture)
    : BuyerOwnershipTests(fixture), IClassFixture<PostgresPaymentServer>;
