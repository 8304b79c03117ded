using System.Security.Cryptography;
using System.Text;
using Citrine.Application.Configuration;

namespace Citrine.Application.Security;

/// <summary>
/// Encrypts API secrets at rest with AES-GCM (docs/decisions.md#secrets). Secrets must stay recoverable because HMAC
/// verification needs them; the master key comes from configuration or a key file with owner-only permissions.
/// Layout of a cipher: 12-byte nonce, 16-byte tag, ciphertext.
/// </summary>
public sealed class SecretProtector
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int KeyBytes = 32;
    private const string MasterKeySetting = "Citrine:MasterKey";
    private readonly byte[] _key;

    public SecretProtector(byte[] masterKey)
    {
        if (masterKey.Length != KeyBytes)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        }

        _key = masterKey;
    }

    /// <summary>
    /// Loads the key from base64 configuration, or from (creating if needed) <c>master.key</c> in a directory. A key
    /// that is not base64 of 32 bytes, or a key file that cannot be read or created, is a
    /// <see cref="ConfigurationException"/>.
    /// </summary>
    public static SecretProtector Load(string? masterKeyBase64, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(masterKeyBase64))
        {
            if (CitrineOptionsValidator.DecodeMasterKey(masterKeyBase64) is { } problem)
            {
                throw new ConfigurationException(MasterKeySetting, problem, CitrineOptionsValidator.FixFor("MasterKey"));
            }

            return new SecretProtector(Convert.FromBase64String(masterKeyBase64.Trim()));
        }

        var path = Path.GetFullPath(Path.Combine(dataDirectory, "master.key"));
        string text;
        try
        {
            Directory.CreateDirectory(dataDirectory);
            if (!File.Exists(path))
            {
                CreateKeyFile(path);
            }

            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException("Citrine:DataDirectory",
                $"the master key file {path} cannot be read or created ({e.Message.TrimEnd('.')})",
                CitrineOptionsValidator.FixFor("DataDirectory"), e);
        }

        if (CitrineOptionsValidator.DecodeMasterKey(text) is { } fileProblem)
        {
            throw new ConfigurationException($"{MasterKeySetting} (file {path})", fileProblem,
                "restore this data directory's original master.key (secrets encrypted under another key cannot be read), or set Citrine:MasterKey to the key the database was created with");
        }

        return new SecretProtector(Convert.FromBase64String(text));
    }

    /// <summary>True when <paramref name="cipher"/> was made by <see cref="Protect"/> under this key.</summary>
    public bool CanDecrypt(byte[] cipher)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        if (cipher.Length < NonceBytes + TagBytes)
        {
            return false;
        }

        try
        {
            Unprotect(cipher);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void CreateKeyFile(string path)
    {
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
        }
    }

    public byte[] Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes));
        return output;
    }

    public string Unprotect(byte[] cipher)
    {
        var plain = new byte[cipher.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(cipher.AsSpan(0, NonceBytes), cipher.AsSpan(NonceBytes + TagBytes),
            cipher.AsSpan(NonceBytes, TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
