using Citrine.Application.Auth;
using Microsoft.Extensions.Hosting;

namespace Citrine.Server.Background;

/// <summary>
/// Hands the nonces in memory to the next start on a clean stop (docs/adr/0005-nonces-without-a-commit.md). It runs
/// in <see cref="StoppedAsync"/>, after the web server has stopped and drained, so no nonce is accepted after it.
/// </summary>
internal sealed class NonceLifetime(INonceStore nonces) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => nonces.CloseAsync(cancellationToken);
}
