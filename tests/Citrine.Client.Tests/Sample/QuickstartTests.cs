using System.Net;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Client.Tests.Sample;

/// <summary>The README quickstart against a live Citrine: POST /buy creates an order and redirects to checkout.</summary>
public sealed class QuickstartTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task The_quickstart_creates_an_order_and_redirects_to_the_checkout_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var merchant = await fixture.Server.CreateMerchantAsync();
        await using var app = Quickstart.Build(
        [
            "--urls=http://127.0.0.1:0", $"--BinancePay:BaseUri={fixture.Server.BaseUri}",
            $"--BinancePay:ApiKey={merchant.ApiKey}", $"--BinancePay:ApiSecret={merchant.ApiSecret}",
        ], (_, _) => Task.CompletedTask);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

        using var response = await http.PostAsync("/buy", null, ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldStartWith(new Uri(fixture.Server.BaseUri, "/checkout/").ToString());
    }
}
