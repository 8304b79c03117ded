using Citrine.Application;
using Citrine.Application.Configuration;
using Citrine.Application.Security;
using Citrine.Storage;

namespace Citrine.Server.Configuration;

/// <summary>
/// Everything <see cref="CitrineApp.BuildAsync"/> checks before the app is built, in order: every setting's value,
/// the data directory, the database, the master key, and that the master key opens the secrets already in a shared
/// database. Each failure is one <see cref="ConfigurationException"/> line; nothing is left open behind it.
/// </summary>
internal static class StartupChecks
{
    public static async Task<(Database Database, SecretProtector Protector)> RunAsync(CitrineOptions options,
        CancellationToken cancellationToken)
    {
        CitrineOptionsValidator.Validate(options);
        if (UsesDataDirectory(options))
        {
            EnsureWritable(options.DataDirectory);
        }

        var database = await StorageFactory.OpenAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var protector = SecretProtector.Load(options.MasterKey, options.DataDirectory);
            await VerifyMasterKeyAsync(database, protector, options, cancellationToken).ConfigureAwait(false);
            return (database, protector);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SQLite lives there; so do the master key and admin token files unless both are configured.</summary>
    private static bool UsesDataDirectory(CitrineOptions options) =>
        !CitrineOptionsValidator.IsPostgres(options.Storage) || string.IsNullOrWhiteSpace(options.MasterKey)
        || string.IsNullOrWhiteSpace(options.AdminToken);

    private static void EnsureWritable(string directory)
    {
        var full = Path.GetFullPath(directory);
        try
        {
            Directory.CreateDirectory(full);
            using var probe = new FileStream(Path.Combine(full, $".write-test-{Guid.NewGuid():N}"), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            probe.WriteByte(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException("Citrine:DataDirectory",
                $"{full} is not a writable directory ({e.Message.TrimEnd('.')})",
                CitrineOptionsValidator.FixFor("DataDirectory"), e);
        }
    }

    /// <summary>
    /// Nodes sharing a database must share the master key (docs/compatibility.md, "Key storage"). The webhook signing
    /// key exists from a database's first start, so it is the secret every later node must be able to decrypt.
    /// </summary>
    private static async Task VerifyMasterKeyAsync(Database database, SecretProtector protector,
        CitrineOptions options, CancellationToken cancellationToken)
    {
        var keys = await new SqlWebhookKeyStore(database).ListAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Count > 0 && !protector.CanDecrypt(keys[^1].PrivateCipher))
        {
            var source = string.IsNullOrWhiteSpace(options.MasterKey)
                ? $"Citrine:MasterKey (file {Path.GetFullPath(Path.Combine(options.DataDirectory, "master.key"))})"
                : "Citrine:MasterKey";
            throw new ConfigurationException(source,
                "this node's master key cannot decrypt the shared database's secrets (they were encrypted under another master key)",
                "give this node the same Citrine:MasterKey as the node that created the database");
        }
    }
}
