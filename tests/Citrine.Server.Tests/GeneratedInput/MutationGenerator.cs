using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>
/// Generates requests for every declared endpoint from one seeded <see cref="Random"/>: a valid-looking body derived
/// from the declaration's shape, then one mutation (of a field's value, of the body's structure, or of the headers).
/// <see cref="Refused"/> draws only from mutations every endpoint must refuse before its handler runs, so the test can
/// check that they left no write behind.
/// </summary>
internal sealed partial class MutationGenerator(Random rng, ValuePools pools, IReadOnlyList<EndpointDeclaration> endpoints)
{
    private const string Marker = "RAW_c1tr1ne_";

    private static readonly HeaderTamper[] MerchantRefusingTampers =
    [
        HeaderTamper.BadSignature, HeaderTamper.SignatureOfOtherBody, HeaderTamper.OldTimestamp,
        HeaderTamper.FutureTimestamp, HeaderTamper.TimestampText, HeaderTamper.TimestampHuge,
        HeaderTamper.TimestampNegative, HeaderTamper.TimestampEmpty, HeaderTamper.TimestampFraction,
        HeaderTamper.NonceEmpty, HeaderTamper.NonceShort, HeaderTamper.NonceLong, HeaderTamper.NonceSymbols,
        HeaderTamper.CertificateUnknown, HeaderTamper.CertificateForeign, HeaderTamper.CertificateMissing,
        HeaderTamper.ContentTypeText, HeaderTamper.ContentTypeLatin1, HeaderTamper.ContentTypeMultipart,
        HeaderTamper.ContentTypeGarbage,
    ];

    private static readonly HeaderTamper[] AdminRefusingTampers =
    [
        HeaderTamper.AdminTokenMissing, HeaderTamper.AdminTokenWrong, HeaderTamper.ContentTypeText,
        HeaderTamper.ContentTypeLatin1, HeaderTamper.ContentTypeMultipart, HeaderTamper.ContentTypeGarbage,
    ];

    /// <summary>Bodies that are not one JSON object (or nest too deep, or repeat a key): refused everywhere.</summary>
    private static readonly string[] RefusedBodies =
    [
        "[]", "\"x\"", "123", "{", "{}}", "{\"a\":1,\"a\":2}", "{\"a\":NaN}", "{'a':1}", "{\"a\":1,}", "/*c*/{}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"\u0001\"}", "{} {}", "{}x", Literals.Deep(33), Literals.Deep(40), "[{}]",
        "true",
    ];

    private int _index;

    /// <summary>Any mutation, accepted or not.</summary>
    public Mutation Any()
    {
        var endpoint = endpoints[rng.Next(endpoints.Count)];
        if (endpoint.Path.EndsWith("/rotate", StringComparison.Ordinal) && rng.Next(10) > 0)
        {
            // Each accepted rotation generates an RSA key, which costs CPU and proves nothing new about input:
            // nine in ten of its requests are refusing ones, which keeps the run time bounded.
            return Refused(endpoint);
        }

        if (endpoint.Path == "/sandbox/faults/arm")
        {
            // An accepted fault makes the merchant's next requests answer 5xx, stall or drop on purpose
            // (docs/sandbox.md#fault-injection), which this test would rightly count as failures: arms are only
            // generated as refusing requests here; tests/Citrine.Server.Tests/Faults covers accepted ones.
            return Refused(endpoint);
        }

        var sender = SenderFor(endpoint);
        var body = ValidBodies.Of(endpoint.Request, rng, pools);
        var raws = new List<string>();
        var tamper = HeaderTamper.None;
        string description;
        string? rawBody = null;
        byte[]? bytes = null;
        var targets = ValidBodies.Targets(endpoint.Request).ToList();
        var kind = rng.Next(100);
        if (targets.Count == 0 && kind < 60)
        {
            kind = 60 + rng.Next(40);
        }

        if (kind < 3)
        {
            description = "valid body";
        }
        else if (kind < 45)
        {
            var target = targets[rng.Next(targets.Count)];
            var value = AnyValue(target.Field);
            Set(body, target.Path, Raw(raws, value));
            description = $"{target.Name} = {Shorten(value)}";
        }
        else if (kind < 52)
        {
            var count = rng.Next(2, 4);
            var names = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var target = targets[rng.Next(targets.Count)];
                Set(body, target.Path, Raw(raws, AnyValue(target.Field)));
                names.Add(target.Name);
            }

            description = "several fields: " + string.Join(", ", names);
        }
        else if (kind < 57)
        {
            var target = targets[rng.Next(targets.Count)];
            Remove(body, target.Path);
            description = $"{target.Name} missing";
        }
        else if (kind < 60)
        {
            var target = targets[rng.Next(targets.Count)];
            Set(body, target.Path, null);
            description = $"{target.Name} null";
        }
        else if (kind < 66)
        {
            var name = rng.Next(3) switch { 0 => "unknownField", 1 => "\u00e9t\u00e9", _ => "a\\ud800" };
            var value = Pick(Literals.Structures.Concat(Literals.Numbers).Concat(Literals.Strings).ToArray());
            rawBody = Insert(body.ToJsonString(), $"\"{name}\":{value}");
            description = $"extra field {name} = {Shorten(value)}";
        }
        else if (kind < 70 && body.Count > 0)
        {
            var name = body.First().Key;
            rawBody = Insert(body.ToJsonString(), $"\"{name}\":{body[name]?.ToJsonString() ?? "null"}");
            description = $"duplicate key {name}";
        }
        else if (kind < 78)
        {
            rawBody = Pick(Literals.Bodies);
            description = "body-level input";
        }
        else if (kind < 82)
        {
            bytes = InvalidUtf8(body.ToJsonString());
            description = "invalid UTF-8";
        }
        else if (kind < 85)
        {
            rawBody = "[" + body.ToJsonString() + "]";
            description = "array where the object goes";
        }
        else
        {
            tamper = sender == Sender.Admin
                ? Pick([.. AdminRefusingTampers, HeaderTamper.ContentTypeMissing, HeaderTamper.ContentTypeCharsetQuoted])
                : Pick([.. MerchantRefusingTampers, HeaderTamper.LowercaseSignature, HeaderTamper.ContentTypeMissing,
                    HeaderTamper.ContentTypeCharsetQuoted]);
            description = "headers: " + tamper;
        }

        var text = rawBody ?? WithRaws(body.ToJsonString(), raws);
        return New(description, PathOf(endpoint, anyParameter: true), sender, bytes ?? Encoding.UTF8.GetBytes(text),
            tamper, mustRefuse: false);
    }

    /// <summary>A mutation that must be refused by the ingress before any handler runs.</summary>
    public Mutation Refused(EndpointDeclaration? of = null)
    {
        var endpoint = of ?? endpoints[rng.Next(endpoints.Count)];
        var sender = SenderFor(endpoint);
        var body = ValidBodies.Of(endpoint.Request, rng, pools);
        var raws = new List<string>();
        var tamper = HeaderTamper.None;
        string? rawBody = null;
        string description;
        var targets = ValidBodies.Targets(endpoint.Request).Where(t => !t.Conditional).ToList();
        var required = targets.Where(t => t.Path.Count == 1 && t.Field.Required).ToList();
        var kind = rng.Next(100);
        if (kind < 35 && targets.Count > 0)
        {
            var target = targets[rng.Next(targets.Count)];
            var value = Pick(WrongTypes(target.Field.Kind));
            Set(body, target.Path, Raw(raws, value));
            description = $"{target.Name} = {Shorten(value)} (wrong type)";
        }
        else if (kind < 55 && targets.Count > 0)
        {
            var target = targets[rng.Next(targets.Count)];
            var value = Pick(["\"\\ud800\"", "\"x\\udfff\"", "\"\\ud800\\ud800\"", "\"1\\ud800\""]);
            Set(body, target.Path, Raw(raws, value));
            description = $"{target.Name} = {value} (lone surrogate)";
        }
        else if (kind < 65 && required.Count > 0)
        {
            var target = required[rng.Next(required.Count)];
            Remove(body, target.Path);
            description = $"{target.Name} missing (required)";
        }
        else if (kind < 82)
        {
            rawBody = Pick(RefusedBodies);
            description = "body that is not one JSON object";
        }
        else
        {
            var tampers = sender == Sender.Admin ? AdminRefusingTampers : MerchantRefusingTampers;
            tamper = Pick(endpoint.AllowEmptyBody || sender == Sender.Admin
                ? tampers
                : [.. tampers, HeaderTamper.ContentTypeMissing]);
            description = "headers: " + tamper;
        }

        var text = rawBody ?? WithRaws(body.ToJsonString(), raws);
        return New(description, PathOf(endpoint, anyParameter: false), sender, Encoding.UTF8.GetBytes(text), tamper,
            mustRefuse: true);
    }

    /// <summary>A page form post (checkout Pay/Cancel, contract Sign).</summary>
    public Mutation Page(IReadOnlyList<string> checkoutCodes, IReadOnlyList<string> contractCodes, long buyerId,
        bool mustRefuse)
    {
        var code = rng.Next(10) switch
        {
            0 => "0123456789abcdef0123456789abcdef",
            1 => "ABCDEF",
            2 => new string('a', 200),
            3 => "%00",
            4 => "%C3%A9",
            _ => "",
        };
        var contract = rng.Next(3) == 0;
        if (code.Length == 0)
        {
            code = contract ? Pick(contractCodes) : Pick(checkoutCodes);
        }

        var path = contract
            ? $"/contract/{code}/sign"
            : mustRefuse || rng.Next(2) == 0 ? $"/checkout/{code}/pay" : $"/checkout/{code}/cancel";
        var buyer = buyerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string Body, string? Type, string Name)[] refusing =
        [
            ("buyerId=abc", "application/x-www-form-urlencoded", "buyerId not a number"),
            ("", "application/x-www-form-urlencoded", "empty form"),
            ("buyerId=", "application/x-www-form-urlencoded", "buyerId empty"),
            ("buyerId=-1", "application/x-www-form-urlencoded", "buyerId negative"),
            ("buyerId=99999999999999999999", "application/x-www-form-urlencoded", "buyerId overflow"),
            ("buyerId=1e3", "application/x-www-form-urlencoded", "buyerId exponent"),
            ("buyerId=%ED%A0%80", "application/x-www-form-urlencoded", "buyerId lone surrogate bytes"),
            ("buyerId=%ZZ", "application/x-www-form-urlencoded", "bad percent-encoding"),
            ("buyerId=" + buyer, "multipart/form-data", "multipart without boundary"),
            ("garbage", "multipart/form-data; boundary=XyZ", "multipart garbage"),
            ("--XyZ\r\nContent-Disposition: form-data; name=\"buyerId\"\r\n\r\n" + buyer + "\r\n",
                "multipart/form-data; boundary=XyZ", "multipart truncated"),
            ("buyerId=" + buyer, "multipart/form-data; boundary=" + new string('b', 100), "boundary too long"),
            ("buyerId=" + buyer, "text/plain", "text/plain"),
            ("{\"buyerId\":" + buyer + "}", "application/json", "JSON body"),
            ("buyerId=" + buyer, null, "no content type"),
            ("buyerId=" + buyer + "&" + new string('x', 5000) + "=1", "application/x-www-form-urlencoded", "form too large"),
            (string.Join('&', Enumerable.Range(0, 40).Select(i => $"k{i}=v")) + "&buyerId=" + buyer,
                "application/x-www-form-urlencoded", "too many fields"),
            (new string('k', 300) + "=1&buyerId=" + buyer, "application/x-www-form-urlencoded", "key too long"),
            ("buyerId=1%00", "application/x-www-form-urlencoded", "buyerId with NUL"),
        ];
        (string Body, string? Type, string Name)[] accepting =
        [
            ("buyerId=" + buyer, "application/x-www-form-urlencoded", "valid form"),
            ("buyerId=" + buyer + "&payCurrency=BTC", "application/x-www-form-urlencoded", "valid form, BTC"),
            ("buyerId=" + buyer + "&payCurrency=%00", "application/x-www-form-urlencoded", "payCurrency NUL"),
            ("buyerId=" + buyer + "&payCurrency=%ED%A0%80", "application/x-www-form-urlencoded", "payCurrency bad bytes"),
            ("buyerId=" + buyer + "&payCurrency=" + new string('Z', 250), "application/x-www-form-urlencoded",
                "payCurrency long"),
            ("buyerId=" + buyer + "&buyerId=1", "application/x-www-form-urlencoded", "buyerId twice"),
            ("buyerId=" + buyer, "application/x-www-form-urlencoded; charset=x-unknown", "unknown charset"),
            ("--XyZ\r\nContent-Disposition: form-data; name=\"buyerId\"\r\n\r\n" + buyer + "\r\n--XyZ--\r\n",
                "multipart/form-data; boundary=XyZ", "valid multipart"),
        ];
        var choice = mustRefuse || rng.Next(3) > 0 ? Pick(refusing) : Pick(accepting);
        return New("page: " + choice.Name, path, Sender.Browser, Encoding.UTF8.GetBytes(choice.Body), HeaderTamper.None,
            mustRefuse, choice.Type);
    }

    private Mutation New(string description, string path, Sender sender, byte[] body, HeaderTamper tamper,
        bool mustRefuse, string? contentType = "application/json") =>
        new(_index++, description, path, sender, body, contentType, tamper, mustRefuse);

    private Sender SenderFor(EndpointDeclaration endpoint) => endpoint.Auth switch
    {
        AuthPolicy.AdminToken => Sender.Admin,
        AuthPolicy.SignedOrAdmin => rng.Next(4) == 0 ? Sender.Admin : Sender.Merchant,
        _ => Sender.Merchant,
    };

    /// <summary>The path with its route parameters filled from the pools (or, sometimes, with junk).</summary>
    private string PathOf(EndpointDeclaration endpoint, bool anyParameter) =>
        RouteParameter().Replace(endpoint.Path, m =>
            anyParameter && rng.Next(5) == 0
                ? Pick(["0", "-1", "99999999999999999999", "abc", "%00", "%E2%82%AC", "1.5", "%F0%9F%98%80"])
                : pools.Pick("route:" + m.Groups[1].Value, rng) ?? "1");

    private string AnyValue(Field field)
    {
        if (field.Name == "waitMs")
        {
            // A long poll that waits is not input handling, only time: keep it at zero or refused.
            return Pick([.. WrongTypes(FieldKind.Integer), "0", "-1", "-9223372036854775808", "\"\\ud800\""]);
        }

        var roll = rng.Next(100);
        return roll switch
        {
            < 25 => Pick(Literals.Numbers),
            < 45 => Pick(Literals.Strings),
            < 55 => Pick(Literals.Structures),
            < 65 => Pick(Literals.LongStrings(field.MaxLength).ToArray()),
            < 75 when field.Kind == FieldKind.Url => Pick(Literals.Urls),
            < 75 => Pick(Literals.Urls.Concat(WrongTypes(field.Kind)).ToArray()),
            < 85 => Pick(WrongTypes(field.Kind)),
            _ => pools.Pick(PoolNameNear(field.Name), rng) ?? Pick(Literals.Numbers),
        };
    }

    /// <summary>Ids of another kind in the same place (a contractId where a buyerId goes), or the field's own pool
    /// (foreign and unknown ids are in it).</summary>
    private string PoolNameNear(string name) =>
        rng.Next(3) == 0 ? Pick(["prepayId", "buyerId", "contractId", "merchantId", "merchantTradeNo"]) : name;

    private static string[] WrongTypes(FieldKind kind) => kind switch
    {
        FieldKind.String or FieldKind.Enum or FieldKind.Url => ["{}", "[]", "true", "1.5", "[1,2]", "1e400", "{\"a\":1}"],
        FieldKind.Integer => ["{}", "[]", "true", "1.5", "1e400", "\"abc\"", "\"1.5\"", "9223372036854775808",
            "\"99999999999999999999\"", "\"-1\"", "1e3"],
        FieldKind.Amount => ["{}", "[]", "true", "\"abc\"", "\"1e2\"", "1e400", "\"1.123456789\"",
            "79228162514264337593543950336", "\"\""],
        FieldKind.Boolean => ["{}", "[]", "1", "\"yes\"", "0", "\"TRUE\""],
        FieldKind.Object => ["\"x\"", "[]", "1", "true", "[{}]"],
        FieldKind.Array => ["{}", "\"x\"", "1", "true", "[1]", "[[]]"],
        FieldKind.EnumList => ["{}", "1", "true", "[1]", "[[]]", "[\"x\"]", "[{}]"],
        FieldKind.TextList => ["{}", "1", "true", "[1]", "[[]]", "[\"\"]", "[{}]"],
        FieldKind.AmountMap => ["[]", "\"x\"", "1", "{\"USDT\":\"abc\"}", "{\"\":1}", "{\"USDT\":{}}"],
        _ => throw new InvalidOperationException(kind.ToString()),
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static JsonValue Raw(List<string> raws, string raw)
    {
        raws.Add(raw);
        return JsonValue.Create(Marker + (raws.Count - 1))!;
    }

    private static string WithRaws(string json, List<string> raws)
    {
        for (var i = raws.Count - 1; i >= 0; i--)
        {
            json = json.Replace("\"" + Marker + i + "\"", raws[i], StringComparison.Ordinal);
        }

        return json;
    }

    private static void Set(JsonObject root, IReadOnlyList<string> path, JsonNode? value)
    {
        var parent = Parent(root, path, create: true)!;
        parent[path[^1]] = value;
    }

    private static void Remove(JsonObject root, IReadOnlyList<string> path) =>
        Parent(root, path, create: false)?.Remove(path[^1]);

    /// <summary>The object holding the last segment of <paramref name="path"/>; <c>name[]</c> is the array's first
    /// item.</summary>
    private static JsonObject? Parent(JsonObject root, IReadOnlyList<string> path, bool create)
    {
        var current = root;
        foreach (var segment in path.Take(path.Count - 1))
        {
            if (segment.EndsWith("[]", StringComparison.Ordinal))
            {
                var name = segment[..^2];
                if (current[name] is not JsonArray { Count: > 0 } array || array[0] is not JsonObject)
                {
                    if (!create)
                    {
                        return null;
                    }

                    current[name] = array = [new JsonObject()];
                }

                current = (JsonObject)array[0]!;
            }
            else
            {
                if (current[segment] is not JsonObject next)
                {
                    if (!create)
                    {
                        return null;
                    }

                    current[segment] = next = new JsonObject();
                }

                current = next;
            }
        }

        return current;
    }

    private static string Insert(string json, string member) =>
        json == "{}" ? "{" + member + "}" : json[..^1] + "," + member + "}";

    private byte[] InvalidUtf8(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        var quote = bytes.IndexOf((byte)'"');
        byte[] junk = Pick<byte[]>([[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]]);
        bytes.InsertRange(quote < 0 ? bytes.Count / 2 : quote + 1, junk);
        return [.. bytes];
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + $"…({value.Length})" : value;

    [GeneratedRegex(@"\{(\w+)(:\w+)?\}")]
    private static partial Regex RouteParameter();
}
