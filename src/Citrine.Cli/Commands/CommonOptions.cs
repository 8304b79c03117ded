using System.CommandLine;

namespace Citrine.Cli.Commands;

/// <summary>Options shared by commands that talk to a running server.</summary>
public static class CommonOptions
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public static Option<string> Server() => new("--server")
    {
        Description = "Base URL of a running Citrine server",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CITRINE_SERVER") ?? DefaultServer,
    };

    public static Option<string?> AdminToken() => new("--admin-token")
    {
        Description = "Admin API token (default: CITRINE_ADMIN_TOKEN, then <data-dir>/admin.token)",
    };

    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Data directory of the server (for its admin.token)",
        DefaultValueFactory = _ => "data",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON" };
}
