using System.Security.Cryptography;

namespace Citrine.Contracts.Signing;

/// <summary>Nonces as Binance documents them: 32 characters; Citrine accepts letters and digits
/// (docs/decisions.md#nonce).</summary>
public static class Nonce
{
    /// <summary>Exact nonce length.</summary>
    public const int Length = 32;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh random nonce of 32 letters, as the documentation's example.</summary>
    public static string Create() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>True for exactly 32 ASCII letters or digits.</summary>
    public static bool IsValid(string? nonce) => nonce is { Length: Length } && nonce.All(char.IsAsciiLetterOrDigit);
}
