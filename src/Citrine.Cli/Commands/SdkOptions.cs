using System.CommandLine;
using Citrine.Client;

namespace Citrine.Cli.Commands;

/// <summary>Options of the commands that call the merchant API through Citrine.Client, and the client they make.</summary>
public sealed class SdkOptions
{
    public const string ApiKeyVariable = "CITRINE_API_KEY";
    public const string ApiSecretVariable = "CITRINE_API_SECRET";

    public Option<string> Server { get; } = CommonOptions.Server();

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"Merchant API key (default: {ApiKeyVariable})",
    };

    public Option<string?> ApiSecret { get; } = new("--api-secret")
    {
        Description = $"Merchant API secret (default: {ApiSecretVariable})",
    };

    public Option<bool> Json { get; } = CommonOptions.Json();

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(ApiSecret);
        command.Options.Add(Json);
    }

    public CitrineClient CreateClient(ParseResult parse)
    {
        var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        var secret = parse.GetValue(ApiSecret) ?? Environment.GetEnvironmentVariable(ApiSecretVariable);
        if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret))
        {
            throw new InvalidOperationException(
                $"No API credentials: pass --api-key and --api-secret, or set {ApiKeyVariable} and {ApiSecretVariable}.");
        }

        return new CitrineClient(new Uri(parse.GetValue(Server)!), new CitrineCredential(key, secret));
    }
}
