namespace Citrine.Application.Merchants;

/// <summary>
/// Citrine's API keys and secrets are 64 lower-case letters or digits, the shape of the secret in Binance's FAQ.
/// A key of any other shape is 400005 BAD_API_KEY_FMT; a well-formed unknown key is 400004.
/// </summary>
public static class ApiKeyFormat
{
    public const int Length = 64;

    public static bool IsValid(string? apiKey) =>
        apiKey is { Length: Length } && apiKey.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));
}
