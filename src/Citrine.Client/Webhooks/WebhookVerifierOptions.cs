namespace Citrine.Client;

/// <summary>Settings of a <see cref="WebhookVerifier"/>.</summary>
public sealed class WebhookVerifierOptions
{
    /// <summary>
    /// Least time between two certificate fetches triggered by unknown serials, so that forged webhooks naming random
    /// serials cannot make the verifier hammer <c>/certificates</c>. The first fetch is never delayed. Default 10 s.
    /// </summary>
    public TimeSpan RefreshCooldown { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock of the cooldown. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
