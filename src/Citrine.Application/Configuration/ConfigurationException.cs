namespace Citrine.Application.Configuration;

/// <summary>
/// A setting that stops the server from starting. The message is one line naming the setting, what is wrong with its
/// value and how to fix it; <c>citrine serve</c> prints it to stderr without a stack trace and exits with 1.
/// Derives from <see cref="InvalidOperationException"/> so that hosts catching that keep working.
/// </summary>
public sealed class ConfigurationException : InvalidOperationException
{
    public ConfigurationException(string setting, string problem, string fix, Exception? inner = null)
        : base($"{setting}: {problem}. Fix: {fix}.", inner)
    {
        Setting = setting;
    }

    public ConfigurationException()
        : this("Citrine", "invalid configuration", "check the settings")
    {
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Setting = "Citrine";
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = "Citrine";
    }

    /// <summary>The setting at fault, as written in configuration (<c>Citrine:WebhookTimeoutMs</c>).</summary>
    public string Setting { get; } = "Citrine";
}
