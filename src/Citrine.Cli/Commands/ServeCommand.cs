using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Citrine.Application;
using Citrine.Application.Configuration;
using Citrine.Server;
using Citrine.Server.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine serve</c>: runs the server on 127.0.0.1 with embedded SQLite by default. Settings come from
/// <c>appsettings.json</c>, then environment variables (<c>Citrine__TimestampWindowMs=5000</c>), then flags.
/// </summary>
public static class ServeCommand
{
    private const string PortFix = "choose another --port (0 picks a free one) or stop the process using it";

    private static readonly Option<string> Host = new("--host")
    {
        Description = "Address to bind",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    private static readonly Option<int> Port = new("--port")
    {
        Description = "Port (0 = any free port)",
        DefaultValueFactory = _ => 8080,
    };

    private static readonly Option<string?> DataDir = new("--data-dir") { Description = "Data directory (SQLite file, keys)" };
    private static readonly Option<string?> Storage = new("--storage") { Description = "sqlite (default) or postgres" };
    private static readonly Option<string?> Postgres = new("--postgres") { Description = "PostgreSQL connection string" };
    private static readonly Option<string?> PublicUrl = new("--public-url") { Description = "Base URL used in checkout links" };

    private static readonly Option<string?> LogFormat = new("--log-format")
    {
        Description = "Console log format: simple (default) or json (one JSON object per line, on stderr)",
    };

    private static readonly Option<bool> Demo = new("--demo")
    {
        Description = "Create (once) a demo merchant and print its credentials and how to call the API",
    };

    public static Command Create(CliOutput output)
    {
        var command = new Command("serve", "Run the Citrine server")
        {
            Host, Port, DataDir, Storage, Postgres, PublicUrl, LogFormat, Demo,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(parse, output, ct).ConfigureAwait(false);
            }
            catch (ConfigurationException e)
            {
                // One line on stderr, no stack trace: the message names the setting, the problem and the fix.
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Other;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliOutput output, CancellationToken ct)
    {
        var options = LoadOptions();
        options.DataDirectory = parse.GetValue(DataDir) ?? options.DataDirectory;
        options.Storage = parse.GetValue(Storage) ?? (parse.GetValue(Postgres) is null ? options.Storage : "postgres");
        options.PostgresConnectionString = parse.GetValue(Postgres) ?? options.PostgresConnectionString;
        options.PublicBaseUrl = parse.GetValue(PublicUrl) ?? options.PublicBaseUrl;
        options.Logging.Format = parse.GetValue(LogFormat) ?? options.Logging.Format;

        var url = $"http://{parse.GetValue(Host)}:{parse.GetValue(Port)}";
        EnsurePortFree(parse.GetValue(Host)!, parse.GetValue(Port), url);
        await using var app = await CitrineApp.BuildAsync(options, [url],
            minimumLogLevel: CitrineApp.LogLevelOf(options), cancellationToken: ct).ConfigureAwait(false);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
            var baseUrl = app.Services.GetRequiredService<IServer>().Features
                .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            output.Writer.WriteLine($"Citrine is listening on {baseUrl} (storage: {options.Storage}, data: {Path.GetFullPath(options.DataDirectory)})");
            if (parse.GetValue(Demo))
            {
                await DemoSeed.RunAsync(app.Services, options, baseUrl, output, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ConfigurationException or IOException)
        {
            // Stop before disposing: disposing a started host cancels its loops mid-tick and they log stack traces.
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (e is IOException { InnerException: AddressInUseException })
            {
                throw new ConfigurationException("--port", $"{url} is already in use", PortFix, e);
            }

            throw;
        }

        output.Writer.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// A port already in use is a configuration error; checked before the host starts, because the host logs a
    /// failed start with a stack trace. (Kestrel's own bind failure is still mapped above for the rare race.)
    /// </summary>
    private static void EnsurePortFree(string host, int port, string url)
    {
        if (port == 0 || !IPAddress.TryParse(host, out var address))
        {
            return;
        }

        try
        {
            using var probe = new TcpListener(address, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new ConfigurationException("--port", $"{url} is already in use", PortFix, e);
        }
    }

    /// <summary>
    /// <c>appsettings.json</c>, then environment variables, read loudly by <see cref="CitrineConfiguration"/>.
    /// Loopback webhook destinations are on unless configured: merchant apps under development listen on localhost
    /// (the library default is closed; README.md, configuration table).
    /// </summary>
    private static CitrineOptions LoadOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return CitrineConfiguration.Bind(configuration, new CitrineOptions { WebhookAllowLoopback = true });
    }
}
