using System.Globalization;
using Citrine.Application.Merchants;
using Citrine.Contracts;

namespace Citrine.Application.Configuration;

/// <summary>
/// Checks every setting of <see cref="CitrineOptions"/> before anything starts (run by <c>CitrineApp.BuildAsync</c>,
/// hence by <c>citrine serve</c> and every test server). The first bad setting throws a
/// <see cref="ConfigurationException"/> whose one-line message names it, says what is wrong and how to fix it.
/// Values that are secrets (master key, admin token, connection string) are never echoed.
/// </summary>
public static class CitrineOptionsValidator
{
    /// <summary>Most retry delays (the schedule's attempts are one more).</summary>
    public const int WebhookRetriesMax = 50;

    /// <summary>Longest retry delay: 7 days.</summary>
    public const int WebhookRetryDelayMaxMs = 7 * 24 * 60 * 60 * 1000;

    /// <summary>Highest accepted price of one unit of a currency, in USD.</summary>
    public const decimal PriceMaxUsd = 1_000_000_000m;

    /// <summary>Longest journal retention: one year.</summary>
    public const int JournalRetentionHoursMax = 365 * 24;

    /// <summary>Most journal entries per merchant, and most waiting for the writer.</summary>
    public const int JournalEntriesMax = 1_000_000;

    private const int MasterKeyBytes = 32;

    private static readonly IntRange[] IntRanges =
    [
        new(nameof(CitrineOptions.TimestampWindowMs), o => o.TimestampWindowMs, 1, 86_400_000, "milliseconds"),
        new(nameof(CitrineOptions.MaxRequestBodyBytes), o => o.MaxRequestBodyBytes, 1024, 16 * 1024 * 1024, "bytes"),
        new(nameof(CitrineOptions.CommissionBasisPoints), o => o.CommissionBasisPoints, 0, 10_000, "basis points"),
        new(nameof(CitrineOptions.WebhookTimeoutMs), o => o.WebhookTimeoutMs, 1, 600_000, "milliseconds"),
        new(nameof(CitrineOptions.WebhookLeaseMarginMs), o => o.WebhookLeaseMarginMs, 100, 600_000, "milliseconds"),
        new(nameof(CitrineOptions.WebhookPollIntervalMs), o => o.WebhookPollIntervalMs, 1, 60_000, "milliseconds"),
        new(nameof(CitrineOptions.WebhookCertificateGraceSeconds), o => o.WebhookCertificateGraceSeconds, 0,
            365 * 24 * 60 * 60, "seconds"),
        new(nameof(CitrineOptions.SweepIntervalMs), o => o.SweepIntervalMs, 1, 86_400_000, "milliseconds"),
        new(nameof(CitrineOptions.WriteQueueCapacity), o => o.WriteQueueCapacity, 1, 1_000_000, "writes"),
        new(nameof(CitrineOptions.LongPollsPerMerchant), o => o.LongPollsPerMerchant, 1, 10_000, "long polls"),
        new(nameof(CitrineOptions.ConvertSpreadBasisPoints), o => o.ConvertSpreadBasisPoints, 0, 5_000, "basis points"),
        new(nameof(CitrineOptions.ConvertQuoteValiditySeconds), o => o.ConvertQuoteValiditySeconds, 1, 86_400,
            "seconds"),
        new(nameof(CitrineOptions.ConvertMinUsd), o => o.ConvertMinUsd, 1, 1_000_000_000, "USD"),
        new(nameof(CitrineOptions.ConvertMaxUsd), o => o.ConvertMaxUsd, 1, 1_000_000_000, "USD"),
    ];

    /// <summary>The integer settings of sections, each with its full name.</summary>
    private static readonly SectionRange[] SectionRanges =
    [
        new("RateLimit:PermitsPerSecond", o => o.RateLimit?.PermitsPerSecond ?? 0, 0, 1_000_000,
            "requests per second from 0 (no limit, the default) to 1000000 (Citrine__RateLimit__PermitsPerSecond=50)"),
        new("RateLimit:Burst", o => o.RateLimit?.Burst ?? 0, 0, 1_000_000,
            "requests from 0 (same as PermitsPerSecond) to 1000000 (Citrine__RateLimit__Burst=100)"),
        new("Retention:WebhookEventsHours", o => o.Retention?.WebhookEventsHours ?? 0, 0, 876_000,
            "hours from 0 (keep for ever) to 876000 (Citrine__Retention__WebhookEventsHours=720)"),
        new("Retention:IntervalMs", o => o.Retention?.IntervalMs ?? 60_000, 100, 86_400_000,
            "milliseconds from 100 to 86400000 (Citrine__Retention__IntervalMs=60000)"),
        new(nameof(CitrineOptions.BackgroundRetryMs), o => o.BackgroundRetryMs, 1, 60_000, "milliseconds"),
    ];

    /// <summary>The full name of a setting, as written in configuration.</summary>
    public static string Name(string property) => $"{CitrineOptions.Section}:{property}";

    /// <summary>How to set <paramref name="property"/> correctly (the "Fix" part of a message).</summary>
    public static string FixFor(string property)
    {
        if (IntRanges.FirstOrDefault(r => string.Equals(r.Property, property, StringComparison.OrdinalIgnoreCase))
            is { } range)
        {
            return range.Fix;
        }

        if (SectionRanges.FirstOrDefault(r => r.Setting.EndsWith(":" + property, StringComparison.OrdinalIgnoreCase))
            is { } sectionRange)
        {
            return sectionRange.Fix;
        }

        return property.ToUpperInvariant() switch
        {
            "STORAGE" => "set sqlite or postgres",
            "WEBHOOKRETRYMS" => string.Create(CultureInfo.InvariantCulture,
                $"set at most {WebhookRetriesMax} delays in milliseconds, each from 0 to {WebhookRetryDelayMaxMs}, as a comma-separated list (Citrine__WebhookRetryMs=15000,60000) or indexed (Citrine__WebhookRetryMs__0=15000); empty means the default schedule"),
            "CRYPTOPRICESUSD" or "FIATPRICESUSD" => string.Create(CultureInfo.InvariantCulture,
                $"set each currency's USD price as a decimal number from 0 (currency not accepted) to {PriceMaxUsd} with at most 8 decimals, e.g. Citrine__CryptoPricesUsd__BNB=600.5"),
            "DIRECTDEBITSINGLEUPPERLIMITMAXUSD" => string.Create(CultureInfo.InvariantCulture,
                $"set a USD amount above 0 and at most {PriceMaxUsd} with at most 8 decimals"),
            "PUBLICBASEURL" => "set an absolute http or https URL without query or fragment (https://pay.example.com), or remove the setting to use the request's host",
            "MASTERKEY" => "set base64 of exactly 32 random bytes (openssl rand -base64 32), the same on every node that shares the database, or remove it to use <data-dir>/master.key",
            "ADMINTOKEN" => "set visible ASCII characters without spaces, or remove it to use <data-dir>/admin.token",
            "DATADIRECTORY" => "set Citrine:DataDirectory (or --data-dir) to a directory this user can create and write",
            "POSTGRESCONNECTIONSTRING" => "set an Npgsql connection string such as Host=localhost;Port=5432;Database=citrine;Username=citrine;Password=secret (or pass --postgres)",
            "FORMAT" => "set simple or json (Citrine__Logging__Format=json, or pass --log-format json)",
            "LEVEL" => "set one of Trace, Debug, Information, Warning, Error, Critical, None (Citrine__Logging__Level=Warning)",
            "PROMETHEUS" => "set true or false",
            "OTLPENDPOINT" => "set the collector's URL, e.g. Citrine__Telemetry__OtlpEndpoint=http://localhost:4317, or remove the setting",
            "OTLPPROTOCOL" => "set grpc or http/protobuf (Citrine__Telemetry__OtlpProtocol=http/protobuf)",
            "BACKLOGSAMPLEMS" => "set milliseconds from 100 to 3600000 (Citrine__Telemetry__BacklogSampleMs=5000)",
            "ENABLED" => "set true or false",
            "RETENTIONHOURS" => string.Create(CultureInfo.InvariantCulture,
                $"set hours from 1 to {JournalRetentionHoursMax} (Citrine__Journal__RetentionHours=24)"),
            "MAXPERMERCHANT" => string.Create(CultureInfo.InvariantCulture,
                $"set a whole number of entries from 1 to {JournalEntriesMax} (Citrine__Journal__MaxPerMerchant=1000)"),
            "QUEUECAPACITY" => string.Create(CultureInfo.InvariantCulture,
                $"set a whole number of entries from 1 to {JournalEntriesMax} (Citrine__Journal__QueueCapacity=10000)"),
            "FLUSHINTERVALMS" => "set milliseconds from 1 to 60000 (Citrine__Journal__FlushIntervalMs=100)",
            "PRUNEINTERVALMS" => "set milliseconds from 10 to 86400000 (Citrine__Journal__PruneIntervalMs=60000)",
            "APIKEY" or "APISECRET" => $"set both Citrine:Demo:ApiKey and Citrine:Demo:ApiSecret to {ApiKeyFormat.Length} lower-case letters or digits, or neither",
            _ when typeof(CitrineOptions).GetProperty(property)?.PropertyType == typeof(bool) => "set true or false",
            _ => "see the configuration table in README.md",
        };
    }

    /// <summary>Throws a <see cref="ConfigurationException"/> for the first bad setting.</summary>
    public static void Validate(CitrineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateStorage(options);
        foreach (var range in IntRanges)
        {
            var value = range.Get(options);
            if (value < range.Min || value > range.Max)
            {
                throw Bad(range.Property, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range"),
                    range.Fix);
            }
        }

        foreach (var range in SectionRanges)
        {
            var value = range.Get(options);
            if (value < range.Min || value > range.Max)
            {
                throw new ConfigurationException(Name(range.Setting),
                    string.Create(CultureInfo.InvariantCulture, $"{value} is out of range"), range.Fix);
            }
        }

        if (options.ConvertMinUsd > options.ConvertMaxUsd)
        {
            throw Bad(nameof(CitrineOptions.ConvertMaxUsd), string.Create(CultureInfo.InvariantCulture,
                    $"{options.ConvertMaxUsd} is below Citrine:ConvertMinUsd ({options.ConvertMinUsd})"),
                "set Citrine:ConvertMaxUsd to at least Citrine:ConvertMinUsd (whole USD, Citrine__ConvertMaxUsd=700000)");
        }

        ValidateRetries(options.WebhookRetryMs);
        ValidatePrices(nameof(CitrineOptions.CryptoPricesUsd), options.CryptoPricesUsd, options.FiatPricesUsd);
        ValidatePrices(nameof(CitrineOptions.FiatPricesUsd), options.FiatPricesUsd, options.CryptoPricesUsd);
        if (options.DirectDebitSingleUpperLimitMaxUsd is <= 0 or > PriceMaxUsd
            || !Amounts.TryToUnits(options.DirectDebitSingleUpperLimitMaxUsd, out _))
        {
            throw Bad(nameof(CitrineOptions.DirectDebitSingleUpperLimitMaxUsd),
                string.Create(CultureInfo.InvariantCulture,
                    $"{options.DirectDebitSingleUpperLimitMaxUsd} is not a USD amount above 0 with at most 8 decimals"));
        }

        ValidatePublicBaseUrl(options.PublicBaseUrl);
        ValidateSecrets(options);
        ValidateDemo(options.Demo);
        ValidateLogging(options.Logging);
        ValidateTelemetry(options.Telemetry);
        ValidateJournal(options.Journal);
    }

    private static void ValidateJournal(JournalOptions? journal)
    {
        if (journal is null)
        {
            return;
        }

        (string Name, int Value, int Min, int Max)[] ranges =
        [
            (nameof(JournalOptions.RetentionHours), journal.RetentionHours, 1, JournalRetentionHoursMax),
            (nameof(JournalOptions.MaxPerMerchant), journal.MaxPerMerchant, 1, JournalEntriesMax),
            (nameof(JournalOptions.QueueCapacity), journal.QueueCapacity, 1, JournalEntriesMax),
            (nameof(JournalOptions.FlushIntervalMs), journal.FlushIntervalMs, 1, 60_000),
            (nameof(JournalOptions.PruneIntervalMs), journal.PruneIntervalMs, 10, 86_400_000),
        ];
        foreach (var (name, value, min, max) in ranges)
        {
            if (value < min || value > max)
            {
                throw new ConfigurationException($"Citrine:Journal:{name}",
                    string.Create(CultureInfo.InvariantCulture, $"{value} is out of range"), FixFor(name));
            }
        }
    }

    private static void ValidateTelemetry(TelemetryOptions? telemetry)
    {
        if (telemetry is null)
        {
            return;
        }

        if (telemetry.OtlpEndpoint is { } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ConfigurationException("Citrine:Telemetry:OtlpEndpoint",
                endpoint.Length == 0 ? "is empty" : $"'{endpoint}' is not an absolute http or https URL",
                FixFor("OtlpEndpoint"));
        }

        if (!TelemetryOptions.OtlpProtocols.Contains(telemetry.OtlpProtocol, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConfigurationException("Citrine:Telemetry:OtlpProtocol",
                $"'{telemetry.OtlpProtocol}' is not an OTLP protocol", FixFor("OtlpProtocol"));
        }

        if (telemetry.BacklogSampleMs is < 100 or > 3_600_000)
        {
            throw new ConfigurationException("Citrine:Telemetry:BacklogSampleMs",
                string.Create(CultureInfo.InvariantCulture, $"{telemetry.BacklogSampleMs} is out of range"),
                FixFor("BacklogSampleMs"));
        }
    }

    private static void ValidateLogging(LoggingOptions? logging)
    {
        if (logging is null)
        {
            return;
        }

        if (!LoggingOptions.Formats.Contains(logging.Format, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConfigurationException("Citrine:Logging:Format", $"'{logging.Format}' is not a log format",
                FixFor("Format"));
        }

        if (!LoggingOptions.Levels.Contains(logging.Level, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConfigurationException("Citrine:Logging:Level", $"'{logging.Level}' is not a log level",
                FixFor("Level"));
        }
    }

    private static void ValidateStorage(CitrineOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Storage) && !IsPostgres(options.Storage)
            && !string.Equals(options.Storage, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(nameof(CitrineOptions.Storage), $"'{options.Storage}' is not a storage provider");
        }

        if (string.IsNullOrWhiteSpace(options.Storage))
        {
            throw Bad(nameof(CitrineOptions.Storage), "is empty");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw Bad(nameof(CitrineOptions.DataDirectory), "is empty");
        }

        if (IsPostgres(options.Storage) && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            throw Bad(nameof(CitrineOptions.PostgresConnectionString), "is required when Citrine:Storage is postgres");
        }
    }

    /// <summary>True when <paramref name="storage"/> names PostgreSQL (<c>postgres</c> or <c>postgresql</c>).</summary>
    public static bool IsPostgres(string? storage) =>
        string.Equals(storage, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(storage, "postgresql", StringComparison.OrdinalIgnoreCase);

    private static void ValidateRetries(int[]? delays)
    {
        const string Property = nameof(CitrineOptions.WebhookRetryMs);
        if (delays is null)
        {
            return;
        }

        if (delays.Length > WebhookRetriesMax)
        {
            throw Bad(Property, string.Create(CultureInfo.InvariantCulture, $"has {delays.Length} delays"));
        }

        for (var i = 0; i < delays.Length; i++)
        {
            if (delays[i] is < 0 or > WebhookRetryDelayMaxMs)
            {
                throw Bad(Property, string.Create(CultureInfo.InvariantCulture,
                    $"delay {i + 1} ({delays[i]}) is out of range"));
            }
        }
    }

    private static void ValidatePrices(string property, Dictionary<string, decimal>? prices,
        Dictionary<string, decimal>? other)
    {
        foreach (var (currency, price) in prices ?? [])
        {
            var setting = $"{Name(property)}:{currency}";
            if (currency.Length is < 2 or > 20 || !currency.All(char.IsAsciiLetterOrDigit))
            {
                throw new ConfigurationException(setting, "is not a currency code (2 to 20 letters or digits)",
                    FixFor(property));
            }

            if (price is < 0 or > PriceMaxUsd || !Amounts.TryToUnits(price, out _))
            {
                throw new ConfigurationException(setting,
                    string.Create(CultureInfo.InvariantCulture, $"{price} is not a price"), FixFor(property));
            }

            if (price > 0 && other is not null && other.Any(o =>
                    string.Equals(o.Key, currency, StringComparison.OrdinalIgnoreCase) && o.Value > 0))
            {
                throw new ConfigurationException(setting, "is priced both as a crypto and as a fiat currency",
                    $"keep {currency.ToUpperInvariant()} in one of Citrine:CryptoPricesUsd and Citrine:FiatPricesUsd and set it to 0 in the other");
            }
        }
    }

    private static void ValidatePublicBaseUrl(string? url)
    {
        if (url is null)
        {
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw Bad(nameof(CitrineOptions.PublicBaseUrl),
                url.Length == 0 ? "is empty" : $"'{url}' is not an absolute http or https base URL");
        }
    }

    private static void ValidateSecrets(CitrineOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey) && DecodeMasterKey(options.MasterKey) is { } problem)
        {
            throw Bad(nameof(CitrineOptions.MasterKey), problem);
        }

        if (!string.IsNullOrWhiteSpace(options.AdminToken) && !options.AdminToken.All(c => c is > ' ' and <= '~'))
        {
            throw Bad(nameof(CitrineOptions.AdminToken), "contains spaces or characters outside visible ASCII");
        }
    }

    /// <summary>Null when <paramref name="base64"/> is base64 of a 32-byte key, else what is wrong (without the value).</summary>
    public static string? DecodeMasterKey(string base64)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var length))
        {
            return "is not valid base64";
        }

        return length == MasterKeyBytes
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"decodes to {length} bytes instead of {MasterKeyBytes}");
    }

    private static void ValidateDemo(DemoOptions? demo)
    {
        if (demo is null || (demo.ApiKey is null && demo.ApiSecret is null))
        {
            return;
        }

        if (demo.ApiKey is null || demo.ApiSecret is null)
        {
            throw new ConfigurationException(demo.ApiKey is null ? "Citrine:Demo:ApiKey" : "Citrine:Demo:ApiSecret",
                "is missing while its pair is set", FixFor("ApiKey"));
        }

        if (!ApiKeyFormat.IsValid(demo.ApiKey))
        {
            throw new ConfigurationException("Citrine:Demo:ApiKey", "is not a well-formed API key", FixFor("ApiKey"));
        }

        if (!ApiKeyFormat.IsValid(demo.ApiSecret))
        {
            throw new ConfigurationException("Citrine:Demo:ApiSecret", "is not a well-formed API secret",
                FixFor("ApiSecret"));
        }
    }

    private static ConfigurationException Bad(string property, string problem, string? fix = null) =>
        new(Name(property), problem, fix ?? FixFor(property));

    private sealed record SectionRange(string Setting, Func<CitrineOptions, int> Get, int Min, int Max,
        string Range)
    {
        public string Fix => "set " + Range;
    }

    private sealed record IntRange(string Property, Func<CitrineOptions, int> Get, int Min, int Max, string Unit)
    {
        public string Fix => string.Create(CultureInfo.InvariantCulture,
            $"set a whole number of {Unit} from {Min} to {Max}");
    }
}
