namespace Citrine.Client.Tests.TestData;

/// <summary>docs/api-reference.md#webhook-signature: TV-W1 and TV-W2, signed with
/// <see cref="BinancePayRsKeyPair"/>.</summary>
public static class WebhookVectors
{
    public const string Timestamp = "1646584911979";
    public const string Nonce = "NldzYKVJuiwjCHQGlaZfwnbGaFLPimYH";

    public const string W1Body = """{"env":{"terminalType":"WEB"},"merchantTradeNo":"9825382937292","orderAmount":25.0,"currency":"USDT","goods":{"goodsType":"02","goodsCategory":"D000","referenceGoodsId":"7876763A3B","goodsName":"Ice Cream","goodsDetail":"Greentea ice cream cone"}}""";

    public const string W1Signature = "ZBQw8wQF1mXjiR3/k4E5Aq/IMFbhCYnvyPAPYMm5DM5V50FuRW3eJD7bDTe1BUPnhXX2F9LJEo2+YgsZZtDXUxC0SrMMxR8LbZh+XCFep0CnywKG5Dtaruhlbnj/v8HgeW/ErclCF8aVuoa1xwRqBWIr8ttGZYHMdrpfOXuXgxFH9tIB6rETE+LidxMZ6712xXW2A9MX4A37pDIQmSyBgK9Gt+KA0gfGn/VjUroj9vr7aKS/VEIIPmzjV8jImKbKltLUSqQtOf8Y9VSXzsOr7CkEVKLOGYDRqal7cTxARWFRECMIiZAjviaRg0jEA/fwg7nrjJTZzYw+xxn3eo5Gmw==";

    public const string W2Body = """{"bizType":"PAY","data":"{\"merchantTradeNo\":\"9825382937292\",\"totalFee\":0.88000000,\"transactTime\":1619508939664,\"currency\":\"BUSD\",\"openUserId\":\"1211HS10K81f4273ac031\",\"productType\":\"Food\",\"productName\":\"Ice Cream\",\"tradeType\":\"WEB\",\"transactionId\":\"M_R_282737362839373\"}","bizId":29383937493038367292,"bizStatus":"PAY_SUCCESS"}""";

    public const string W2BodySha256 = "a26d05e0b63c6318bbaf8011dd0e9be6f3a599a45c2ec6097d55ce052796b1f1";

    public const string W2Signature = "VaHQuusX+VIvcvE8cbEaoz9LoYLNk7RkyBjnBAAt9i3hJT/R1xFRjUrOvL2MIH9oDDVnpBewU6ZvjXvgi9eAPYFVRRljQZJ2P1dArS8vF/ciJMP6zJTmg4AZ7fAuNY8OtjLqWZfUL+AoWaOE11AhQgL6pFTXeuIOuyKVj837+BPD18J8SLJk65R7vGUpCrmspPlvvXQkMqHeuAdoMXFXxFVGy9EsWWyFAfS4dv4Q4/TyG5t7xZUEG4TqyTdnET+3JYwGp34Ry3G4TfW/FDVW1mHQpKFBMcJYetZnb5ElLE6uuBtqVCp797EKo0sIncMkoB71YxLWNtmi7scdnXe8zw==";

    public static WebhookHeaders Headers(string signature, string serial = BinancePayRsKeyPair.CertSerial) =>
        new(Timestamp, Nonce, signature, serial);
}
