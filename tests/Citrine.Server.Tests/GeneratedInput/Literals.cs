namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>
/// Raw JSON values and bodies the generator draws from: each one a class of input that has broken a JSON API
/// somewhere (overflow of 64-bit units and of <see cref="decimal"/>, exponents, negative zero, lone surrogates,
/// control characters, IDN and percent-encoded URLs, nesting, syntax errors).
/// </summary>
internal static class Literals
{
    public static readonly string[] Numbers =
    [
        "1e400", "-1e400", "1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "92233720368.54775807", "92233720368.54775808", "-92233720368.54775808",
        "79228162514264337593543950336", "79228162514264337593543950335", "-0", "-0.0", "0", "-1", "1e-9",
        "0.000000001", "1.123456789", "0.00000001", "1E2", "1e+2", "1.5e3", "1e20", "1e19", "20000",
        "20000.00000001", "1.0", "100000000000000000000.00000001", "123456789012345678901234567890", "4.9e-324",
        "1.7976931348623157e308", "2147483648", "-2147483649", "0.1e1", "10000000000000.5",
    ];

    public static readonly string[] Strings =
    [
        "\"\"", "\" \"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud800b\"", "\"\\ud83d\"", "\"\\u0000\"", "\"a\\u0000b\"",
        "\"\\u0001\\u001f\\u007f\"", "\"\\t\\r\\n\"", "\"\\u202e\\u200b\"", "\"\\ufeff\"", "\"\\ud83d\\ude00\"",
        "\"1e400\"", "\"-0\"", "\"+1\"", "\" 1\"", "\"1 \"", "\"0x10\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
        "\"1,5\"", "\"\\u0661\\u0662\"", "\"true\"", "\"null\"", "\"9223372036854775808\"",
        "\"-9223372036854775809\"", "\"99999999999999999999\"", "\"0.000000001\"", "\"92233720368.54775808\"",
        "\"79228162514264337593543950336\"", "\"1.\"", "\".5\"", "\"-\"", "\".\"", "\"--1\"", "\"1-\"", "\"0..1\"",
        "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"%00\"", "\"\\\\\"",
    ];

    public static readonly string[] Urls =
    [
        "\"https://bücher.example/ä?q=ü#frag\"", "\"https://\\u4f8b\\u3048.\\u30c6\\u30b9\\u30c8/\\u30d1\\u30b9\"",
        "\"http://xn--bcher-kva.example/\"", "\"https://example.com/%zz\"", "\"https://example.com/a%20b?x=%E2%82%AC\"",
        "\"https://example.com/a b\"", "\"javascript:alert(1)\"", "\"//example.com/x\"", "\"http://[::1]:8080/x\"",
        "\"http://user:pä@host.example/\"", "\"http://ex ample.com\"", "\"https://a.example/\\r\\nSet-Cookie: x=1\"",
        "\"https://a.example/\\u0000\"", "\"ftp://a.example/\"", "\"https://\"", "\"https://a.example:99999/\"",
        "\"https://a.example:-1/\"", "\"https://xn--/\"", "\"https://xn--zz-.example/\"", "\"https://a..example/\"",
        "\"https://\\ud800.example/\"", "\"https://a.example/\\ud83d\\ude00\"", "\"HTTPS://A.EXAMPLE/\"",
        "\"https://a.example/?q=\\u00e9&r=%C3%A9\"", "\"https://127.0.0.1/\"", "\"http://0x7f.1/\"",
        "\"https://a.example/\\u0085\"", "\"https://\\u00e9.example:443/p?q#f\"",
    ];

    public static readonly string[] Structures =
    [
        "{}", "[]", "[{}]", "true", "false", "null", "[1,2]", "{\"a\":1}", "[[[]]]", "{\"\":{}}", Deep(20), Deep(40),
    ];

    /// <summary>Whole bodies that are not one valid JSON object (or are, but barely).</summary>
    public static readonly string[] Bodies =
    [
        "", " ", "null", "[]", "\"x\"", "123", "{", "{}}", "{\"a\":1,\"a\":2}", "{\"a\":NaN}", "{'a':1}", "{\"a\":1,}",
        "/*c*/{}", "{\"a\":\"\\u12\"}", "{\"a\":\"\u0001\"}", "{} {}", "{}x", "\ufeff{}", Deep(40), Deep(33), Deep(31),
        "{\"a\":\"\\ud800\"}", "{\"\\ud800\":1}", "{\"a\":1e400}", "\n\t{}\n", "{\"a\":[" + new string('1', 1) + "]}",
    ];

    /// <summary>A nested object <paramref name="depth"/> levels deep.</summary>
    public static string Deep(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    /// <summary>Strings around a field's length limit, and far beyond it.</summary>
    public static IEnumerable<string> LongStrings(int maxLength)
    {
        var limit = Math.Min(maxLength, 20_000);
        yield return Quote(new string('a', limit));
        yield return Quote(new string('a', limit + 1));
        yield return Quote(string.Concat(Enumerable.Repeat("é", Math.Min(limit, 5_000))));
        yield return Quote(string.Concat(Enumerable.Repeat("\\ud83d\\ude00", Math.Min(limit, 3_000))));
        yield return Quote(new string('x', 70_000));
    }

    private static string Quote(string text) => "\"" + text + "\"";
}
