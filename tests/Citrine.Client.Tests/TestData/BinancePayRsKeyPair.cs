namespace Citrine.Client.Tests.TestData;

/// <summary>
/// The RSA-2048 key pair committed as public test data in github.com/akarsh1995/binance-pay-rs, file
/// <c>data/key_pair.json</c> (commit 64dfb5c8f4db11e1a62c36466b078172cb8f9ca3). docs/api-reference.md#webhook-signature
/// computed the webhook vectors TV-W1 and TV-W2 with it. The private key is published test data, never a real secret.
/// </summary>
public static class BinancePayRsKeyPair
{
    public const string CertSerial = "1FAA1632AD1E0C9FCE84DD9B8757F471";

    public const string PublicKeyPem = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuL19NEx2U7NBd/CfDgmI
        njmoe779FaV/b9emjw1ngBGy3I/NYYPLa9oFePItBYlMiMzTKY+c9UwtOoxMsWeZ
        RJxk4yURZemQAkZaOAR/NC0rIuOLk0zaebFnPdp2lMSnXMUskeWSVPWBAeSehXSw
        BOM3Yp8ddfb9iLByCveM3ts6G4b6SnIbUJDWpmpA+CdhzAEfmGSXHRIwcALXYHts
        W5Mw4Mif1TjzcBGYppKo3F5od81bTechjxVIlw3BKNpRgpc1IJhQmP6/E5j0tguf
        tKybA4ebDqQvfwpy6z+1MD02KyMZ7NDyoHc7x3qnHcJ+AuKNlZr0OOcFaei+VokG
        bQIDAQAB
        -----END PUBLIC KEY-----
        """;

    public const string PrivateKeyPem = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEogIBAAKCAQEAuL19NEx2U7NBd/CfDgmInjmoe779FaV/b9emjw1ngBGy3I/N
        YYPLa9oFePItBYlMiMzTKY+c9UwtOoxMsWeZRJxk4yURZemQAkZaOAR/NC0rIuOL
        k0zaebFnPdp2lMSnXMUskeWSVPWBAeSehXSwBOM3Yp8ddfb9iLByCveM3ts6G4b6
        SnIbUJDWpmpA+CdhzAEfmGSXHRIwcALXYHtsW5Mw4Mif1TjzcBGYppKo3F5od81b
        TechjxVIlw3BKNpRgpc1IJhQmP6/E5j0tguftKybA4ebDqQvfwpy6z+1MD02KyMZ
        7NDyoHc7x3qnHcJ+AuKNlZr0OOcFaei+VokGbQIDAQABAoIBAAZ43QIQC7Uy+oAx
        NeFQBDFG49gyALvZaHWKoJMybQXXmOSRRSi9bUsCAF8UXO9st/my81LpbR5K5OrA
        L4+niX8V25L5oXpojFsIC/EadzpkurYmMqWec6j/xhYsqSrdGN/vKHiUCmRflX1z
        fPo/9Eq3iyExYd7YIFnBlL09nvnPtSIcRYin1/sbCO0Vjib5+rkHVNFJkjEPXHii
        fCdvMVC0KIyzHRgqBBEpjyJuuiooINrxStew7m7FzK19sTtIKTgVKzBkMFbox8wd
        o4YzjfBaAQ9J4wRENfyUNzX3mCcjMWio6AyIyECB+7BZftZAF4BYtbC1g4q25rtN
        pvMGYQECgYEA4VKHK7kVzfVJWyVsU6DnQF2IN0w0TiGuGVIhhUU4VKtQrckUFdzJ
        xLiHpCEGpkXGdV/ACfdN6hj5f9qiqKkNjy6ToKSZqLHN4QY3YohPdVTXDYw+ralm
        f7FlhiQjeHq/VbLJFtIHOlh2XpM65tkfkv1v8ixdK7aMqeNfTm9ZfbUCgYEA0eR+
        gjMaOWduR8FiXFVzrSNRAhiiEkcJYgtDzBg2hWoTGNm/70qYolId/eNxoUNiGDcI
        NngSvGZ5DtYFjT2jOdO/bJ31p47CZ8Oh1Yqas04ANeg9ExCWolXfX5nAknsjua9l
        h2dn9a85e7evVwrG2SH3u11JzA06+g2hRQMimNkCgYAT1npEJTWAPppIxhC1hDMX
        /aQiijkIr/puDEcbPq7o9XRS+KMmEZxKD50RnD7DoN0KNHXp6rYXaD9/PDaZ9thU
        xNsGh7dnnM/tgeiaajnksKWGcdSK4aE+mNXBa6kb0GLMHsOJmNA+GM/DH99Nt8wJ
        2vpiLfm+AYJ86qHXfAI7CQKBgGyxGNovwHrNlwxNlrQeBEM6sK6XNwakBrXhA4Dj
        YQiBv9X0nTI7vQMB50ocyDEshdXoWbZrQ7iQkEwghMt5iddeUhjbS+UzRnUZl+rP
        VgFYeT9xPn9q7bavJXeKVXEFl6CGtdsCr5FI5kms+33ltMeokXNTge3LRClNeaAV
        WYsxAoGAajR7748jDjVx3e/17PJoU/wusQp/Gi71LJp0TnAczCD/9YWhC10/qlQq
        JetdURnHcmzz0xWup9+NfzorqYyx3gXvx72aQ1HfSYw1AEY5OZT078y0bHhZgFdn
        KBlT4w7g/wikGogB+HFjKVrW3QckbYTbUu3ck3ANrRPhAk4q2pw=
        -----END RSA PRIVATE KEY-----
        """;
}
