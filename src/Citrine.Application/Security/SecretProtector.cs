using System.Security.Cryptography;
using System.Text;

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
    private readonly byte[] _key;

    public SecretProtector(byte[] masterKey)
    {
        if (masterKey.Length != KeyBytes)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        }

        _key = masterKey;
    }

    /// <summary>Loads the key from base64 configuration, or from (creating if needed) <c>master.key</c> in a directory.</summary>
    public static SecretProtector Load(string? masterKeyBase64, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(masterKeyBase64))
        {
            return new SecretProtector(Convert.FromBase64String(masterKeyBase64));
        }

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "master.key");
        if (!File.Exists(path))
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

        return new SecretProtector(Convert.FromBase64String(File.ReadAllText(path).Trim()));
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
