using Citrine.Application.Auth;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Background;

/// <summary>
/// Hands the nonces in memory to the next start on a clean stop (docs/adr/0005-nonces-without-a-commit.md). It runs
/// in <see cref="StoppedAsync"/>, after the web server has stopped and drained, so no nonce is accepted after it. If
/// the hand-over fails (the database is already gone), the stop goes on: the next start then finds no clean mark and
/// fences as after a crash, which is safe.
/// </summary>
internal sealed partial class NonceLifetime(INonceStore nonces, ILogger<NonceLifetime> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await nonces.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            HandOverFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Nonces were not handed to the next start ({Error}); it will refuse requests signed before it, as after a crash")]
    private static partial void HandOverFailed(ILogger logger, string error);
}
