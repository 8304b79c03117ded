using System.Globalization;

namespace Citrine.Cli.Commands.Bench;

/// <summary>The checked command line of <c>citrine bench</c>; <see cref="Parse"/> explains the first problem in one
/// line.</summary>
internal sealed record BenchSettings(
    IReadOnlyList<string> Scenarios, int Connections, TimeSpan Duration, TimeSpan Warmup, string Storage,
    string? Postgres, string? Server, string? ApiKey, string? ApiSecret, string? AdminToken, bool Baseline, long Seed,
    int Events, bool Json)
{
    public const int ConnectionsMax = 4096;

    public static BenchSettings? Parse(string[] scenarios, int connections, string duration, string warmup,
        string? storage, string? postgres, string? server, string? apiKey, string? apiSecret, string? adminToken,
        bool baseline, long seed, int events, bool json, out string? error)
    {
        error = null;
        var names = new List<string>();
        foreach (var name in scenarios.Length == 0 ? ["create-v2"] : scenarios)
        {
            var lower = name.Trim().ToLowerInvariant();
            if (lower == "all")
            {
                names.AddRange(Scenario.Names);
            }
            else if (Scenario.Names.Contains(lower))
            {
                names.Add(lower);
            }
            else
            {
                error = $"--scenario: unknown scenario '{name}'; use all or {string.Join(", ", Scenario.Names)}";
                return null;
            }
        }

        storage = storage?.Trim().ToLowerInvariant() ?? (postgres is null ? "sqlite" : "postgres");
        var measured = TimeSpan.Zero;
        var warm = TimeSpan.Zero;
        if (connections is < 1 or > ConnectionsMax)
        {
            error = $"--connections: must be 1 to {ConnectionsMax}, not {connections}";
        }
        else if (!TryDuration(duration, out measured) || measured <= TimeSpan.Zero)
        {
            error = $"--duration: '{duration}' is not a positive duration such as 8s, 500ms or 1m";
        }
        else if (!TryDuration(warmup, out warm))
        {
            error = $"--warmup: '{warmup}' is not a duration such as 2s, 500ms or 0s";
        }
        else if (storage is not ("sqlite" or "postgres"))
        {
            error = $"--storage: '{storage}' is neither sqlite nor postgres";
        }
        else if (storage == "postgres" && server is null && string.IsNullOrWhiteSpace(postgres))
        {
            error = "--storage postgres: pass the connection string with --postgres";
        }
        else if (server is not null && !Uri.TryCreate(server, UriKind.Absolute, out _))
        {
            error = $"--server: '{server}' is not an absolute URL";
        }
        else if (server is null && (apiKey ?? apiSecret ?? adminToken) is not null)
        {
            error = "--api-key, --api-secret and --admin-token go with --server";
        }
        else if ((apiKey is null) != (apiSecret is null))
        {
            error = "--api-key and --api-secret go together";
        }
        else if (server is not null && apiKey is null && adminToken is null)
        {
            error = "--server: pass --api-key and --api-secret, or --admin-token";
        }
        else if (seed < 0 || (seed > 0 && server is not null))
        {
            error = "--seed: a count of orders, for a self-started server only (not with --server)";
        }
        else if (events < 1)
        {
            error = "--events: must be at least 1";
        }

        return error is null
            ? new BenchSettings(names.Distinct().ToList(), connections, measured, warm, storage, postgres, server,
                apiKey, apiSecret, adminToken, baseline, seed, events, json)
            : null;
    }

    /// <summary>Reads <c>8s</c>, <c>500ms</c>, <c>1m</c>, <c>1.5s</c> or a bare number of seconds.</summary>
    internal static bool TryDuration(string text, out TimeSpan value)
    {
        text = text.Trim().ToLowerInvariant();
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount * scale <= 24 * 3600)
        {
            value = TimeSpan.FromSeconds(amount * scale);
            return true;
        }

        value = TimeSpan.Zero;
        return false;
    }
}
