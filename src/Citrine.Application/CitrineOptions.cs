namespace Citrine.Application;

/// <summary>Configuration (section <c>Citrine</c>; environment variables <c>Citrine__Name</c>; CLI flags).</summary>
public sealed class CitrineOptions
{
    public const string Section = "Citrine";

    /// <summary>Storage provider: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>Data directory for the SQLite file and the master key file.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>PostgreSQL connection string when <see cref="Storage"/> is <c>postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Public base URL used in checkout links; defaults to the address the server listens on.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Accepted clock skew of <c>BinancePay-Timestamp</c>, either way
    /// (docs/decisions.md#timestamp-window).</summary>
    public int TimestampWindowMs { get; set; } = 1000;

    /// <summary>Refuse lower-case hex signatures (docs/decisions.md#signature-hex-case).</summary>
    public bool StrictSignatureCase { get; set; }

    /// <summary>Largest accepted request body.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Admin API token; when empty the admin API is disabled.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Base64 of a 32-byte master key for API secrets; when empty a key file in the data directory is used.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Commission charged on payments, in basis points of the order amount (0 = none).</summary>
    public int CommissionBasisPoints { get; set; }

    /// <summary>USD price per unit of each order/pay currency. Crypto currencies are accepted on v2/v3.</summary>
    public Dictionary<string, decimal> CryptoPricesUsd { get; set; } = new(StringComparer.Ordinal)
    {
        ["BUSD"] = 1m,
        ["USDT"] = 1m,
        ["USDC"] = 1m,
        ["MBOX"] = 0.05m,
        ["BNB"] = 600m,
        ["BTC"] = 90000m,
        ["ETH"] = 3000m,
    };

    /// <summary>USD price per unit of each fiat currency, accepted on v1 only
    /// (docs/decisions.md#order-currencies).</summary>
    public Dictionary<string, decimal> FiatPricesUsd { get; set; } = new(StringComparer.Ordinal)
    {
        ["USD"] = 1m,
        ["EUR"] = 1.08m,
        ["GBP"] = 1.27m,
        ["JPY"] = 0.0067m,
        ["AUD"] = 0.66m,
        ["CAD"] = 0.73m,
        ["CHF"] = 1.12m,
        ["SGD"] = 0.74m,
        ["HKD"] = 0.128m,
        ["TRY"] = 0.029m,
        ["BRL"] = 0.18m,
        ["NGN"] = 0.00065m,
    };

    /// <summary>
    /// Webhook retry delays after a failed attempt, in milliseconds; empty means the default 15 s, 1 min, 5 min,
    /// 30 min, 2 h, 6 h (docs/decisions.md#webhooks: 6 retries, 7 attempts). Empty by default because configuration
    /// binding appends to a non-empty array instead of replacing it.
    /// </summary>
    public int[] WebhookRetryMs { get; set; } = [];

    /// <summary>Timeout of one webhook attempt.</summary>
    public int WebhookTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// How long a node's claim on a webhook event outlives the attempt timeout, for recording the outcome. When a node
    /// dies holding claims, another node sends those events again once timeout plus margin has passed; a scale-out test
    /// shortens it to see that happen in seconds (docs/deployment.md).
    /// </summary>
    public int WebhookLeaseMarginMs { get; set; } = 30_000;

    /// <summary>
    /// Allow webhook destinations on loopback addresses. Closed by default so that a library host never lets a
    /// merchant reach its local services; <c>citrine serve</c> turns it on unless configured, for merchant apps on
    /// localhost (docs/compatibility.md, "Connect-time check").
    /// </summary>
    public bool WebhookAllowLoopback { get; set; }

    /// <summary>Allow webhook destinations on private and link-local addresses.</summary>
    public bool WebhookAllowPrivate { get; set; }

    /// <summary>
    /// Keep the receiver's answer (<c>responseExcerpt</c>) of attempts that reached a loopback or private address.
    /// Off by default: without it a merchant could read what local services answer; the excerpt is then replaced by
    /// <c>WebhookExcerpts.Withheld</c>.
    /// </summary>
    public bool WebhookShowPrivateExcerpts { get; set; }

    /// <summary>How often the webhook dispatcher looks for due events when it is idle.</summary>
    public int WebhookPollIntervalMs { get; set; } = 250;

    /// <summary>How long a replaced webhook certificate stays listed by <c>/certificates</c> after a rotation.</summary>
    public int WebhookCertificateGraceSeconds { get; set; } = 24 * 60 * 60;

    /// <summary>How often background sweepers (expiry, nonce pruning) run.</summary>
    public int SweepIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Most database writes that may wait at once: on SQLite the group-commit queue, on PostgreSQL the writes waiting for
    /// or holding a pooled connection. Beyond it a request is answered <c>409901</c> (HTTP 429) at once instead of
    /// waiting behind the queue (docs/architecture.md#backpressure).
    /// </summary>
    public int WriteQueueCapacity { get; set; } = 4096;

    /// <summary>Most <c>/sandbox/webhooks/poll</c> long polls one merchant may hold open at once; one more is
    /// answered <c>409901</c> (HTTP 429).</summary>
    public int LongPollsPerMerchant { get; set; } = 4;

    /// <summary>Per-API-key rate limit (section <c>Citrine:RateLimit</c>); off unless <c>PermitsPerSecond</c> is set.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>How long finished webhook events and their attempts are kept (section <c>Citrine:Retention</c>).</summary>
    public RetentionOptions Retention { get; set; } = new();
    /// <summary>First retry delay of an item a background loop failed to process (a refund to settle, an order or a
    /// contract to expire); each further failure doubles it up to a minute, and the fifth parks the item.</summary>
    public int BackgroundRetryMs { get; set; } = 1000;

    /// <summary>Enable the sandbox helpers under <c>/sandbox</c> (Citrine-only, not part of Binance).</summary>
    public bool Sandbox { get; set; } = true;

    /// <summary>Largest direct-debit <c>singleUpperLimit</c>, in USD at configured prices, for every scenario (CS1:
    /// "Default upper limit 50 USD equivalent for all"; docs/api-reference.md#create-contract).</summary>
    public decimal DirectDebitSingleUpperLimitMaxUsd { get; set; } = 50m;

    /// <summary>Fixed credentials of the <c>serve --demo</c> merchant (section <c>Citrine:Demo</c>), for CI pipelines.</summary>
    public DemoOptions Demo { get; set; } = new();

    /// <summary>Convert (docs/api-reference.md#convert): the spread the conversion desk keeps, in basis points of the
    /// converted value at <see cref="CryptoPricesUsd"/> (the merchant receives that much less).</summary>
    public int ConvertSpreadBasisPoints { get; set; } = 10;

    /// <summary>How long a convert quote can be executed, in seconds by the merchant's sandbox clock.</summary>
    public int ConvertQuoteValiditySeconds { get; set; } = 30;

    /// <summary>Smallest convert, in whole USD at <see cref="CryptoPricesUsd"/>, on either side of a pair.</summary>
    public int ConvertMinUsd { get; set; } = 20;

    /// <summary>Largest convert, in whole USD at <see cref="CryptoPricesUsd"/>, on either side of a pair.</summary>
    public int ConvertMaxUsd { get; set; } = 700_000;

    /// <summary>Console log format and level of <c>citrine serve</c> (section <c>Citrine:Logging</c>).</summary>
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>Metrics and traces (section <c>Citrine:Telemetry</c>).</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>The request journal (section <c>Citrine:Journal</c>; docs/observability.md#request-journal).</summary>
    public JournalOptions Journal { get; set; } = new();
}

/// <summary>
/// The request journal: every merchant request (signed, or refused with an API key that names a merchant) is queued
/// in memory and written in batches by a background writer; a full queue drops entries (counted by
/// <c>citrine_journal_dropped_total</c>) rather than slow a request. Entries are kept for <see cref="RetentionHours"/>
/// and at most <see cref="MaxPerMerchant"/> per merchant.
/// </summary>
public sealed class JournalOptions
{
    /// <summary>Record merchant requests at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an entry is kept.</summary>
    public int RetentionHours { get; set; } = 24;

    /// <summary>How many entries each merchant keeps at most (the newest).</summary>
    public int MaxPerMerchant { get; set; } = 1000;

    /// <summary>Entries waiting for the writer at most; more are dropped.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How long the writer gathers entries into one batch after the first arrives.</summary>
    public int FlushIntervalMs { get; set; } = 100;

    /// <summary>How often old entries and those beyond <see cref="MaxPerMerchant"/> are deleted.</summary>
    public int PruneIntervalMs { get; set; } = 60_000;
}

/// <summary>
/// A token bucket per API key (<c>BinancePay-Certificate-SN</c>) in front of every signed request: each key may send
/// <see cref="Burst"/> requests at once and <see cref="PermitsPerSecond"/> per second after that; one more is answered
/// <c>409901</c> (HTTP 429) with <c>Retry-After</c>. Per node: with several nodes a key's budget is their sum.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per second per API key; 0 (default) turns the limit off.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Requests a key may send at once before the rate applies; 0 means <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }

    /// <summary>True when a limit is configured.</summary>
    public bool Enabled => PermitsPerSecond > 0;
}

/// <summary>
/// Pruning of old webhook events: a delivered, failed or undeliverable event (and its delivery attempts) older than
/// <see cref="WebhookEventsHours"/> is deleted by its own background loop every <see cref="IntervalMs"/>. Pending events
/// are never pruned, whatever their age.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Hours a finished webhook event is kept after it was created; 0 keeps events for ever.</summary>
    public int WebhookEventsHours { get; set; } = 30 * 24;

    /// <summary>How often the retention loop runs.</summary>
    public int IntervalMs { get; set; } = 60_000;
}

/// <summary>
/// What the node reports about itself: Prometheus metrics at <c>GET /metrics</c> (on by default; they carry no
/// merchant data), and OpenTelemetry metrics and traces pushed over OTLP when <see cref="OtlpEndpoint"/> is set.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Serve <c>GET /metrics</c> in the Prometheus text format.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>An OTLP collector (http or https URL, e.g. <c>http://localhost:4317</c>); unset: no export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>, as the collector listens.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often the backlog gauges (outbox, refunds) are re-read from the database.</summary>
    public int BacklogSampleMs { get; set; } = 5000;

    /// <summary>The accepted OTLP protocols.</summary>
    public static readonly string[] OtlpProtocols = ["grpc", "http/protobuf"];

    /// <summary>True when anything is collected at all.</summary>
    public bool Enabled => Prometheus || OtlpEndpoint is not null;
}

/// <summary>
/// How <c>citrine serve</c> logs: <c>simple</c> (one line per entry) or <c>json</c> (one JSON object per line, on
/// stderr so stdout stays the command's own output), at <see cref="Level"/> and above.
/// </summary>
public sealed class LoggingOptions
{
    /// <summary>The accepted formats.</summary>
    public static readonly string[] Formats = ["simple", "json"];

    /// <summary>The accepted levels, as Microsoft.Extensions.Logging names them.</summary>
    public static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    public string Format { get; set; } = "simple";

    public string Level { get; set; } = "Information";

    /// <summary>True for the JSON format.</summary>
    public bool IsJson => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The demo merchant's API key and secret when a pipeline needs them known in advance; both or neither, each 64
/// lower-case letters or digits. When absent, <c>serve --demo</c> mints a key once and prints it again on restarts.
/// </summary>
public sealed class DemoOptions
{
    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }
}
