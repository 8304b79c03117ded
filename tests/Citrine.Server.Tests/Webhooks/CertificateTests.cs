using System.Security.Cryptography;
using System.Text;
using Citrine.Application;
using Citrine.Testing;
using Microsoft.Extensions.Time.Testing;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>Query Certificate (docs/api-reference.md#query-certificate), the signing key's lifecycle and
/// rotation.</summary>
public abstract class CertificateTests(ServerFixture fixture)
{
    private const string Path = "/binancepay/openapi/certificates";

    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"merchantId\":123456789}")]
    [InlineData("")]
    [InlineData(" \n")]
    public async Task The_same_certificates_are_returned_for_an_empty_object_null_merchantId_and_an_empty_body(
        string body)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var expected = await CertificatesAsync(client);
        var answer = await client.PostRawAsync(Path, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.EnumerateArray()
            .Select(c => (c.GetProperty("certSerial").GetString()!, c.GetProperty("certPublic").GetString()!))
            .ShouldBe(expected);
    }

    [Fact]
    public async Task An_empty_body_without_a_Content_Type_is_accepted_here_only()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var answer = await client.PostRawAsync(Path, "", r => r.Content!.Headers.ContentType = null);
        answer.Code.ShouldBe("000000", answer.ToString());
        var order = await client.PostRawAsync("/binancepay/openapi/order/query", "{}",
            r => r.Content!.Headers.ContentType = null);
        order.Code.ShouldBe("400007");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"certificates\"")]
    [InlineData("{\"a\":")]
    public async Task A_body_that_is_not_an_object_gives_400008(string body)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        (await client.PostRawAsync(Path, body)).Code.ShouldBe("400008");
    }

    [Fact]
    public async Task The_certificate_is_a_PEM_RSA_public_key_named_by_an_MD5_style_serial()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var (serial, pem) = (await CertificatesAsync(client)).ShouldHaveSingleItem();
        serial.ShouldMatch("^[0-9A-F]{32}$");
        pem.ShouldStartWith("-----BEGIN PUBLIC KEY-----\n");
        pem.TrimEnd().ShouldEndWith("-----END PUBLIC KEY-----");
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        rsa.KeySize.ShouldBeGreaterThanOrEqualTo(2048);
    }

    [Fact]
    public async Task The_private_key_is_stored_encrypted()
    {
        var rows = await Server.Database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT public_pem, private_cipher FROM webhook_keys";
            await using var reader = await command.ExecuteReaderAsync(ct);
            var list = new List<(string, byte[])>();
            while (await reader.ReadAsync(ct))
            {
                list.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
            }

            return list;
        }, CancellationToken.None);
        var (publicPem, cipher) = rows.ShouldHaveSingleItem();
        publicPem.ShouldContain("PUBLIC KEY");
        Encoding.ASCII.GetString(cipher).ShouldNotContain("PRIVATE KEY");

        // A key stored in the clear, as DER or as a PEM body without its header, carries the public modulus
        // or starts with the base64 of a DER SEQUENCE. A short substring such as "MII" is no test: 1,700
        // random bytes contain it case-insensitively about once in a thousand keys, which failed a CI run.
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicPem);
        var modulus = rsa.ExportParameters(false).Modulus!;
        cipher.AsSpan().IndexOf(modulus).ShouldBe(-1);
        Encoding.ASCII.GetString(cipher).ShouldNotStartWith("MII", Case.Sensitive);
    }

    [Fact]
    public async Task Rotation_lists_the_new_certificate_first_and_the_previous_one_until_the_grace_period_ends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(fixture.Store, o =>
        {
            ServerTuning.FastWebhooks(o);
            o.WebhookCertificateGraceSeconds = 3600;
            o.TimestampWindowMs = 86_400_000; // The fake clock runs ahead of the test's signing clock.
        }, clock);
        var client = server.Signed(await server.CreateMerchantAsync());
        var (oldSerial, _) = (await CertificatesAsync(client)).ShouldHaveSingleItem();

        var rotated = await AdminAsync(server, "/admin/certificates/rotate", HttpMethod.Post);
        rotated.GetArrayLength().ShouldBe(2);
        rotated[1].GetProperty("certSerial").GetString().ShouldBe(oldSerial);
        var listed = await CertificatesAsync(client);
        listed.Select(c => c.Serial).ShouldBe([rotated[0].GetProperty("certSerial").GetString()!, oldSerial]);
        listed[0].Serial.ShouldNotBe(oldSerial);

        await CloseNewOrderAsync(client, receiver.Url);
        var hook = await receiver.NextAsync(Patience);
        hook.Header("BinancePay-Certificate-SN").ShouldBe(listed[0].Serial);
        VerifiesPerReference(hook, [listed[0]]).ShouldBeTrue();

        clock.Advance(TimeSpan.FromSeconds(3599));
        (await CertificatesAsync(client)).Count.ShouldBe(2);
        clock.Advance(TimeSpan.FromSeconds(2));
        (await CertificatesAsync(client)).Select(c => c.Serial).ShouldBe([listed[0].Serial]);
    }

    [Fact]
    public async Task Nodes_starting_together_on_one_database_converge_on_one_key_that_survives_a_restart()
    {
        var options = new CitrineOptions
        {
            DataDirectory = TestDatabases.NewSqliteDirectory(),
            AdminToken = TestServer.AdminTokenValue,
        };
        if (fixture.Store == Store.Postgres)
        {
            options.Storage = "postgres";
            options.PostgresConnectionString = await TestDatabases.NewPostgresDatabaseAsync();
        }

        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TestServer.StartAsync(fixture.Store, reuse: options)));
        var serials = new List<string>();
        foreach (var node in nodes)
        {
            serials.AddRange((await AdminAsync(node, "/admin/certificates")).EnumerateArray()
                .Select(c => c.GetProperty("certSerial").GetString()!));
            await node.DisposeAsync();
        }

        serials.Distinct().ShouldHaveSingleItem();
        await using var restarted = await TestServer.StartAsync(fixture.Store, reuse: options);
        (await AdminAsync(restarted, "/admin/certificates"))[0].GetProperty("certSerial").GetString()
            .ShouldBe(serials[0]);
    }
}

public sealed class SqliteCertificateTests(SqliteWebhookServer fixture)
    : CertificateTests(fixture), IClassFixture<SqliteWebhookServer>;

public sealed class PostgresCertificateTests(PostgresWebhookServer fixture)
    : CertificateTests(fixture), IClassFixture<PostgresWebhookServer>;
