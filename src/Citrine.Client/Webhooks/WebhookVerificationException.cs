namespace Citrine.Client;

/// <summary>Why a webhook was refused.</summary>
public enum WebhookFailureReason
{
    /// <summary>A <c>BinancePay-*</c> signature header is missing or empty.</summary>
    MissingHeaders,

    /// <summary>No certificate has the serial named by <c>BinancePay-Certificate-SN</c>, even after refetching.</summary>
    UnknownCertificate,

    /// <summary>The RSA signature does not match the raw body and headers.</summary>
    InvalidSignature,

    /// <summary>The signature is valid but the body is not a webhook this SDK can read.</summary>
    MalformedBody,
}

/// <summary>A webhook failed verification; answer it with a failure (Binance will retry) and do not act on it.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookVerificationException(WebhookFailureReason reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    /// <summary>Why the webhook was refused.</summary>
    public WebhookFailureReason Reason { get; }
}
