using Citrine.Application;

namespace Citrine.Server.Webhooks;

/// <summary>
/// Whether a receiver's answer may be kept in the delivery log, where the merchant reads it
/// (<c>/sandbox/webhooks/event</c>) as well as the operator (<c>/admin/events/{id}</c>). An answer from a loopback or
/// private address could be a local service's content that the merchant must not read back through Citrine, so it is
/// replaced by <see cref="Withheld"/> unless the operator set <see cref="CitrineOptions.WebhookShowPrivateExcerpts"/>.
/// The answer still decides delivery; only its text is not stored.
/// </summary>
public static class ExcerptPolicy
{
    /// <summary>What the delivery log holds instead of a withheld answer.</summary>
    public const string Withheld =
        "[withheld: the answer came from a loopback or private address; the operator can show it with Citrine:WebhookShowPrivateExcerpts]";

    /// <summary>The excerpt to store for an answer received over <paramref name="connected"/>.</summary>
    public static string Apply(string excerpt, ConnectedDestination connected, CitrineOptions options)
    {
        ArgumentNullException.ThrowIfNull(connected);
        ArgumentNullException.ThrowIfNull(options);
        // An answer without a recorded connection cannot be placed, so it is treated as private.
        return connected.Kind == AddressKind.Public || options.WebhookShowPrivateExcerpts ? excerpt : Withheld;
    }
}
