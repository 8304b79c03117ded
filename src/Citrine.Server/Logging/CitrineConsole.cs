using Citrine.Application;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Logging;

/// <summary>
/// The console logger of the server: <c>simple</c> (one line per entry) or <c>json</c> (the framework's JSON console
/// formatter, one object per line, written to stderr so that stdout stays the command's own output, such as the
/// listening address and the demo credentials). The framework's own request lines are kept at Warning and above: they
/// carry full URLs with query strings, and every refused request is already logged once.
/// </summary>
internal static class CitrineConsole
{
    public static ILoggingBuilder AddCitrineConsole(this ILoggingBuilder logging, LoggingOptions options,
        LogLevel minimumLevel)
    {
        logging.ClearProviders().SetMinimumLevel(minimumLevel);
        var frameworkLevel = minimumLevel > LogLevel.Warning ? minimumLevel : LogLevel.Warning;
        // Microsoft.Hosting's start lines repeat serve's own banner ("Press Ctrl+C"), which scripts wait for.
        logging.AddFilter("Microsoft.AspNetCore", frameworkLevel).AddFilter("System.Net.Http", frameworkLevel)
            .AddFilter("Microsoft.Hosting", frameworkLevel);
        if (options.IsJson)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        return logging;
    }
}
