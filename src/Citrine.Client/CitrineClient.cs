using Citrine.Client.Http;
using Citrine.Client.Sandbox;

namespace Citrine.Client;

/// <summary>
/// The Binance Pay merchant API client. Immutable and thread-safe: make one per credential and share it. Every call is
/// signed (HMAC-SHA512, docs/api-reference.md#request-signing), retried where that is safe (see each method), and
/// answers typed results or throws <see cref="CitrineApiException"/> for a refusal. The same code talks to Binance
/// (<see cref="BinanceProductionUri"/>, the default) or to a Citrine server.
/// </summary>
/// <example>
/// <code>
/// var client = new CitrineClient(new Uri("http://127.0.0.1:8080"), new CitrineCredential(apiKey, apiSecret));
/// var order = await client.Orders.CreateAsync(new CreateOrderV2Request { … });
/// </code>
/// </example>
public class CitrineClient
{
    /// <summary>Binance Pay's production host, <c>https://bpay.binanceapi.com</c> (reference: "Hosts").</summary>
    public static Uri BinanceProductionUri { get; } = new("https://bpay.binanceapi.com");

    /// <summary>A client of Binance Pay's production host.</summary>
    /// <param name="credential">The merchant's API key and secret.</param>
    public CitrineClient(CitrineCredential credential)
        : this(BinanceProductionUri, credential, null)
    {
    }

    /// <summary>A client of Binance Pay's production host, with options.</summary>
    /// <param name="credential">The merchant's API key and secret.</param>
    /// <param name="options">Retries, timeouts, transport; null for the defaults.</param>
    public CitrineClient(CitrineCredential credential, CitrineClientOptions? options)
        : this(BinanceProductionUri, credential, options)
    {
    }

    /// <summary>A client of the service at <paramref name="baseUri"/> (a Citrine server, or Binance).</summary>
    /// <param name="baseUri">Scheme, host and port, optionally a path prefix; the API paths are appended.</param>
    /// <param name="credential">The merchant's API key and secret.</param>
    public CitrineClient(Uri baseUri, CitrineCredential credential)
        : this(baseUri, credential, null)
    {
    }

    /// <summary>A client of the service at <paramref name="baseUri"/>, with options.</summary>
    /// <param name="baseUri">Scheme, host and port, optionally a path prefix; the API paths are appended.</param>
    /// <param name="credential">The merchant's API key and secret.</param>
    /// <param name="options">Retries, timeouts, transport; null for the defaults. Copied: later changes to the object
    /// do not affect this client.</param>
    /// <exception cref="ArgumentException"><paramref name="baseUri"/> is not an absolute http or https URI.</exception>
    public CitrineClient(Uri baseUri, CitrineCredential credential, CitrineClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(credential);
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The base URI must be an absolute http or https URI.", nameof(baseUri));
        }

        var pipeline = new CitrinePipeline(baseUri, credential, options ?? new CitrineClientOptions());
        BaseUri = pipeline.BaseUri;
        Credential = credential;
        Orders = new OrdersClient(pipeline);
        Refunds = new RefundsClient(pipeline);
        DirectDebit = new DirectDebitClient(pipeline);
        SubMerchants = new SubMerchantsClient(pipeline);
        Certificates = new CertificatesClient(pipeline);
        Sandbox = new SandboxClient(pipeline);
        Wallets = new WalletsClient(pipeline);
        Payouts = new PayoutsClient(pipeline);
        Convert = new ConvertClient(pipeline);
        Reports = new ReportsClient(pipeline);
        ProfitSharing = new ProfitSharingClient(pipeline);
        Partners = new PartnersClient(pipeline);
    }

    /// <summary>For mocking only: the sub-clients are null unless a subclass overrides them.</summary>
    protected CitrineClient()
    {
        BaseUri = BinanceProductionUri;
        Credential = null!;
        Orders = null!;
        Refunds = null!;
        DirectDebit = null!;
        SubMerchants = null!;
        Certificates = null!;
        Sandbox = null!;
        Wallets = null!;
        Payouts = null!;
        Convert = null!;
        Reports = null!;
        ProfitSharing = null!;
        Partners = null!;
    }

    /// <summary>The service's base URI.</summary>
    public virtual Uri BaseUri { get; }

    /// <summary>The credential calls are signed with.</summary>
    public virtual CitrineCredential Credential { get; }

    /// <summary>Create, query and close orders.</summary>
    public virtual OrdersClient Orders { get; }

    /// <summary>Refund orders and query refunds.</summary>
    public virtual RefundsClient Refunds { get; }

    /// <summary>Direct-debit contracts and their payments.</summary>
    public virtual DirectDebitClient DirectDebit { get; }

    /// <summary>Sub-merchants.</summary>
    public virtual SubMerchantsClient SubMerchants { get; }

    /// <summary>The webhook certificates.</summary>
    public virtual CertificatesClient Certificates { get; }

    /// <summary>Citrine-only sandbox helpers (not part of Binance Pay; they fail against Binance).</summary>
    public virtual SandboxClient Sandbox { get; }

    /// <summary>Wallet balances and transfer fund between the FUNDING and SPOT wallets.</summary>
    public virtual WalletsClient Wallets { get; }
    /// <summary>Payouts: the receiver check.</summary>
    public virtual PayoutsClient Payouts { get; }

    /// <summary>Convert: pairs, quotes, executing a quote, trade orders (whitelisted merchants).</summary>
    public virtual ConvertClient Convert { get; }
    /// <summary>Reports: daily transaction and settlement files, balance report jobs, and their downloads.</summary>
    public virtual ReportsClient Reports { get; }
    /// <summary>Profit sharing: receivers, splits of tagged paid orders, returns.</summary>
    public virtual ProfitSharingClient ProfitSharing { get; }

    /// <summary>Partners: share account id and technical service providers.</summary>
    public virtual PartnersClient Partners { get; }
}
