namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>Who sends a generated request.</summary>
internal enum Sender
{
    /// <summary>Signed by the fuzzed merchant.</summary>
    Merchant,

    /// <summary>With the admin token.</summary>
    Admin,

    /// <summary>A browser posting a page form (no credentials).</summary>
    Browser,
}

/// <summary>A change to the headers after the request was signed.</summary>
internal enum HeaderTamper
{
    None,
    BadSignature,
    SignatureOfOtherBody,
    LowercaseSignature,
    OldTimestamp,
    FutureTimestamp,
    TimestampText,
    TimestampHuge,
    TimestampNegative,
    TimestampEmpty,
    TimestampFraction,
    NonceEmpty,
    NonceShort,
    NonceLong,
    NonceSymbols,
    CertificateUnknown,
    CertificateForeign,
    CertificateMissing,
    ContentTypeText,
    ContentTypeLatin1,
    ContentTypeMultipart,
    ContentTypeGarbage,
    ContentTypeMissing,
    ContentTypeCharsetQuoted,
    AdminTokenMissing,
    AdminTokenWrong,
}

/// <summary>
/// One generated request: where it goes, who sends it, the exact body bytes and content type, the header change, and
/// whether it must be refused (then it must leave no write behind). <see cref="Description"/> names the input class
/// for the failure report.
/// </summary>
internal sealed record Mutation(
    int Index,
    string Description,
    string Path,
    Sender Sender,
    byte[] Body,
    string? ContentType,
    HeaderTamper Tamper,
    bool MustRefuse)
{
    public bool IsPage => Sender == Sender.Browser;

    public override string ToString()
    {
        var text = System.Text.Encoding.UTF8.GetString(Body);
        var shown = text.Length > 300 ? text[..300] + $"…({text.Length} chars)" : text;
        return $"#{Index} {Sender} POST {Path} [{Description}; {Tamper}; {ContentType ?? "no content type"}] {shown}";
    }
}
