using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Server.Features.Admin;

namespace Citrine.Cli.Commands;

/// <summary>Talks to a running server's admin API. The token comes from --admin-token, CITRINE_ADMIN_TOKEN, or the
/// data directory's <c>admin.token</c> (the file the server created).</summary>
public sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;

    public AdminClient(string server, string? token, string dataDirectory)
    {
        token ??= Environment.GetEnvironmentVariable("CITRINE_ADMIN_TOKEN");
        var tokenFile = Path.Combine(dataDirectory, AdminToken.FileName);
        if (string.IsNullOrWhiteSpace(token) && File.Exists(tokenFile))
        {
            token = File.ReadAllText(tokenFile).Trim();
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidOperationException(
                $"No admin token: pass --admin-token, set CITRINE_ADMIN_TOKEN, or run where {tokenFile} exists.");
        }

        _http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body ?? new { }, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken)
            .ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        if (envelope.GetProperty("status").GetString() != "SUCCESS")
        {
            throw new InvalidOperationException(
                $"{envelope.GetProperty("code").GetString()}: {envelope.GetProperty("errorMessage").GetString()}");
        }

        return envelope.GetProperty("data").Clone();
    }
}
