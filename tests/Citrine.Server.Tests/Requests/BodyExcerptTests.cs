using System.Text;
using Citrine.Application.Requests;
using Shouldly;

namespace Citrine.Server.Tests.Requests;

/// <summary>The journal's excerpt rules on exact inputs: the token-by-token rewrite must keep what the document-based
/// one did (names, arrays, numbers, fallbacks), and text with nothing to redact must come back unchanged.</summary>
public sealed class BodyExcerptTests
{
    private const string Key = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab";

    private static string? Of(string body) => BodyExcerpt.Of(Encoding.UTF8.GetBytes(body), cut: false);

    [Fact]
    public void A_secret_named_value_of_any_kind_is_replaced_and_other_values_keep_their_form()
    {
        Of("""{"apiSecret":"x","token":{"a":[1,2]},"card":[4111111111111111],"amount":25.17,"ok":true,"n":null}""")
            .ShouldBe("""{"apiSecret":"[REDACTED]","token":"[REDACTED]","card":"[REDACTED]","amount":25.17,"ok":true,"n":null}""");
    }

    [Fact]
    public void Long_runs_and_card_numbers_in_strings_are_replaced_but_not_under_identifier_names()
    {
        Of($$"""{"note":"key {{Key}} and 4111 1111 1111 1111.","prepayId":"4111111111111111","x":"4111111111111111"}""")
            .ShouldBe("""{"note":"key [REDACTED] and [REDACTED].","prepayId":"4111111111111111","x":"[REDACTED]"}""");
    }

    [Fact]
    public void An_arrays_items_stand_under_the_arrays_name_and_objects_in_it_under_their_own()
    {
        Of("""{"refundId":["4111111111111111",{"memo":"4111111111111111","tradeNo":"4111111111111111"}]}""")
            .ShouldBe("""{"refundId":["4111111111111111",{"memo":"[REDACTED]","tradeNo":"4111111111111111"}]}""");
    }

    [Fact]
    public void Escaped_text_is_kept_readably_and_a_root_scalar_is_json_too()
    {
        Of("""{"goodsName":"caf\u00e9 \"one\" <b>"}""").ShouldBe("""{"goodsName":"café \"one\" <b>"}""");
        Of("  \"plain\"  ").ShouldBe("\"plain\"");
        Of("42").ShouldBe("42");
    }

    [Theory]
    [InlineData("""{"a":1} trailing""")]
    [InlineData("""{"a":""")]
    [InlineData("not json " + Key)]
    public void A_body_that_is_not_one_json_value_is_redacted_as_text(string body)
    {
        var excerpt = Of(body)!;
        excerpt.ShouldNotContain(Key);
        excerpt.ShouldStartWith(body[..3]);
    }

    [Fact]
    public void The_rewrite_buffer_kept_between_bodies_carries_nothing_from_one_to_the_next()
    {
        // Same thread, so the same kept buffer and writer: after a long body, a body that failed half-way (an
        // unclosed object, which leaves the writer mid-document) and one too large to keep, a short body reads
        // exactly as it does on its own.
        const string Short = """{"a":"b"}""";
        var alone = Of(Short);
        Of("{\"goodsName\":\"" + string.Concat(Enumerable.Repeat("ab ", 2000)) + "\"}")
            .ShouldStartWith("{\"goodsName\":\"ab ab ");
        Of(Short).ShouldBe(alone);
        Of("""{"a":{"b":[1,2""").ShouldBe("""{"a":{"b":[1,2""");
        Of(Short).ShouldBe(alone);
        Of("{\"n\":\"" + new string('\u00e9', 60000) + "\"}").ShouldNotBeNull();
        Of(Short).ShouldBe(alone);
        alone.ShouldBe("""{"a":"b"}""");
    }

    [Fact]
    public void Nesting_deeper_than_32_falls_back_to_text()
    {
        var body = new string('[', 40) + new string(']', 40);
        Of(body).ShouldBe(body);
    }

    [Fact]
    public void Text_with_nothing_to_redact_is_returned_as_the_same_string()
    {
        const string text = "USDT 25.17 order 1234 for shop-7";
        BodyExcerpt.RedactText(text).ShouldBeSameAs(text);
        BodyExcerpt.RedactText("pay " + Key).ShouldBe("pay [REDACTED]");
    }

    [Theory]
    [InlineData("api_key", true)]
    [InlineData("Api-Key", true)]
    [InlineData("PIN", true)]
    [InlineData("pinCode", false)]
    [InlineData("merchantTradeNo", false)]
    [InlineData("x-signature", true)]
    public void Secret_names_are_read_on_letters_and_digits_only(string name, bool secret) =>
        BodyExcerpt.IsSecretName(name).ShouldBe(secret);
}
