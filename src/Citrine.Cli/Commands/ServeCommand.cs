using System.CommandLine;
using Citrine.Application;
using Citrine.Server;
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
    public static Command Create(CliOutput output)
    {
        var host = new Option<string>("--host") { Description = "Address to bind", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port (0 = any free port)", DefaultValueFactory = _ => 8080 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (SQLite file, keys)" };
        var storage = new Option<string?>("--storage") { Description = "sqlite (default) or postgres" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string" };
        var publicUrl = new Option<string?>("--public-url") { Description = "Base URL used in checkout links" };
        var demo = new Option<bool>("--demo") { Description = "Create a demo merchant and print how to call the API" };
        var command = new Command("serve", "Run the Citrine server")
        {
            host, port, dataDir, storage, postgres, publicUrl, demo,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = LoadOptions();
            options.DataDirectory = parse.GetValue(dataDir) ?? options.DataDirectory;
            options.Storage = parse.GetValue(storage) ?? (parse.GetValue(postgres) is null ? options.Storage : "postgres");
            options.PostgresConnectionString = parse.GetValue(postgres) ?? options.PostgresConnectionString;
            options.PublicBaseUrl = parse.GetValue(publicUrl) ?? options.PublicBaseUrl;

            var url = $"http://{parse.GetValue(host)}:{parse.GetValue(port)}";
            await using var app = await CitrineApp.BuildAsync(options, [url], cancellationToken: ct).ConfigureAwait(false);
            await app.StartAsync(ct).ConfigureAwait(false);
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.First();
            output.Writer.WriteLine($"Citrine is listening on {baseUrl} (storage: {options.Storage}, data: {Path.GetFullPath(options.DataDirectory)})");
            if (parse.GetValue(demo))
            {
                await DemoSeed.RunAsync(app.Services, options, baseUrl, output, ct).ConfigureAwait(false);
            }

            output.Writer.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static CitrineOptions LoadOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new CitrineOptions();
        configuration.GetSection(CitrineOptions.Section).Bind(options);
        return options;
    }
}
