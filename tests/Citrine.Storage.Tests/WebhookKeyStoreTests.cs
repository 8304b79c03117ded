using Citrine.Application.Webhooks;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>Webhook signing keys: a generation is created once (the primary key decides between racing nodes), a
/// rotation retires its predecessor only when it wins, and keys list newest first.</summary>
public abstract class WebhookKeyStoreTests(Store store) : StoreContract(store)
{
    private SqlWebhookKeyStore Keys => new(Database);

    [Fact]
    public async Task Racing_nodes_create_the_first_key_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            Keys.TryInsertAsync(Key(1, 1_000 + i), null, CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        (await Keys.ListAsync(CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_rotation_retires_its_predecessor_only_when_it_wins()
    {
        var first = Key(1, 1_000);
        await Keys.TryInsertAsync(first, null, CancellationToken.None);

        var second = Key(2, 2_000);
        (await Keys.TryInsertAsync(second, 1, CancellationToken.None)).ShouldBeTrue();
        (await Keys.TryInsertAsync(Key(2, 3_000), 1, CancellationToken.None)).ShouldBeFalse();
        var third = Key(3, 4_000);
        (await Keys.TryInsertAsync(third, 2, CancellationToken.None)).ShouldBeTrue();

        var keys = await Keys.ListAsync(CancellationToken.None);
        keys.Select(k => k.KeyId).ShouldBe([3, 2, 1]);
        keys.Select(k => k.RetiredAtMs).ShouldBe([null, 4_000, 2_000]);
        keys[2].ShouldBeEquivalentTo(first with { RetiredAtMs = 2_000 });
        keys[0].ShouldBeEquivalentTo(third);
    }

    [Fact]
    public async Task A_certificate_serial_belongs_to_one_key_and_a_clash_retires_nothing()
    {
        await Keys.TryInsertAsync(Key(1, 1_000), null, CancellationToken.None);
        (await Keys.TryInsertAsync(Key(2, 2_000) with { CertSerial = "serial-1" }, 1, CancellationToken.None))
            .ShouldBeFalse();
        (await Keys.ListAsync(CancellationToken.None)).Single().RetiredAtMs.ShouldBeNull();
    }

    private static WebhookKeyRecord Key(long id, long createdAtMs) =>
        new(id, $"serial-{id}", $"-----BEGIN PUBLIC KEY-----\n{id}\n-----END PUBLIC KEY-----", [(byte)id, 7, 255],
            createdAtMs, null);
}

public sealed class SqliteWebhookKeyStoreTests() : WebhookKeyStoreTests(Store.Sqlite);

public sealed class PostgresWebhookKeyStoreTests() : WebhookKeyStoreTests(Store.Postgres);
