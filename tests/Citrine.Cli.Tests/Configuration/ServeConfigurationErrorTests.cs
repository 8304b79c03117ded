using System.Net;
using System.Net.Sockets;
using Citrine.Application;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;
using Npgsql;

namespace Citrine.Cli.Tests.Configuration;

/// <summary>
/// Issue 12, loud configuration: every bad setting stops <c>citrine serve</c> (the real process) with exit code 1
/// and exactly one line on stderr naming the setting, the value's problem and the fix; no stack trace anywhere.
/// </summary>
public sealed class ServeConfigurationErrorTests
{
    private const string RetryFix = "set at most 50 delays in milliseconds, each from 0 to 604800000, as a comma-separated list (Citrine__WebhookRetryMs=15000,60000) or indexed (Citrine__WebhookRetryMs__0=15000); empty means the default schedule";
    private const string PriceFix = "set each currency's USD price as a decimal number from 0 (currency not accepted) to 1000000000 with at most 8 decimals, e.g. Citrine__CryptoPricesUsd__BNB=600.5";
    private const string MasterKeyFix = "set base64 of exactly 32 random bytes (openssl rand -base64 32), the same on every node that shares the database, or remove it to use <data-dir>/master.key";
    private const string PostgresFix = "set an Npgsql connection string such as Host=localhost;Port=5432;Database=citrine;Username=citrine;Password=secret (or pass --postgres)";
    private const string DemoFix = "set both Citrine:Demo:ApiKey and Citrine:Demo:ApiSecret to 64 lower-case letters or digits, or neither";
    private const string Mismatch = "this node's master key cannot decrypt the shared database's secrets (they were encrypted under another master key). Fix: give this node the same Citrine:MasterKey as the node that created the database.";

    private static readonly string GoodKey = new('a', 64);

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "TimestampWindowMs", "0", "Citrine:TimestampWindowMs: 0 is out of range. Fix: set a whole number of milliseconds from 1 to 86400000." },
        { "MaxRequestBodyBytes", "100", "Citrine:MaxRequestBodyBytes: 100 is out of range. Fix: set a whole number of bytes from 1024 to 16777216." },
        { "CommissionBasisPoints", "10001", "Citrine:CommissionBasisPoints: 10001 is out of range. Fix: set a whole number of basis points from 0 to 10000." },
        { "ConvertSpreadBasisPoints", "5001", "Citrine:ConvertSpreadBasisPoints: 5001 is out of range. Fix: set a whole number of basis points from 0 to 5000." },
        { "ConvertQuoteValiditySeconds", "0", "Citrine:ConvertQuoteValiditySeconds: 0 is out of range. Fix: set a whole number of seconds from 1 to 86400." },
        { "ConvertMaxUsd", "10", "Citrine:ConvertMaxUsd: 10 is below Citrine:ConvertMinUsd (20). Fix: set Citrine:ConvertMaxUsd to at least Citrine:ConvertMinUsd (whole USD, Citrine__ConvertMaxUsd=700000)." },
        { "WebhookTimeoutMs", "-1", "Citrine:WebhookTimeoutMs: -1 is out of range. Fix: set a whole number of milliseconds from 1 to 600000." },
        { "WebhookLeaseMarginMs", "99", "Citrine:WebhookLeaseMarginMs: 99 is out of range. Fix: set a whole number of milliseconds from 100 to 600000." },
        { "WebhookPollIntervalMs", "0", "Citrine:WebhookPollIntervalMs: 0 is out of range. Fix: set a whole number of milliseconds from 1 to 60000." },
        { "WebhookCertificateGraceSeconds", "-5", "Citrine:WebhookCertificateGraceSeconds: -5 is out of range. Fix: set a whole number of seconds from 0 to 31536000." },
        { "SweepIntervalMs", "0", "Citrine:SweepIntervalMs: 0 is out of range. Fix: set a whole number of milliseconds from 1 to 86400000." },
        { "DirectDebitSingleUpperLimitMaxUsd", "0", "Citrine:DirectDebitSingleUpperLimitMaxUsd: 0 is not a USD amount above 0 with at most 8 decimals. Fix: set a USD amount above 0 and at most 1000000000 with at most 8 decimals." },
        { "DirectDebitSingleUpperLimitMaxUsd", "0.000000001", "Citrine:DirectDebitSingleUpperLimitMaxUsd: 0.000000001 is not a USD amount above 0 with at most 8 decimals. Fix: set a USD amount above 0 and at most 1000000000 with at most 8 decimals." },
        { "WebhookTimeoutMs", "ten", "Citrine:WebhookTimeoutMs: 'ten' is not a whole number. Fix: set a whole number of milliseconds from 1 to 600000." },
        { "StrictSignatureCase", "yes", "Citrine:StrictSignatureCase: 'yes' is not true or false. Fix: set true or false." },
        { "Storage", "mysql", "Citrine:Storage: 'mysql' is not a storage provider. Fix: set sqlite or postgres." },
        { "WebhookRetyMs", "100", "Citrine:WebhookRetyMs: is not a Citrine setting. Fix: check the spelling against the configuration table in README.md, or remove it." },
        { "WebhookRetryMs", "200,x,800", $"Citrine:WebhookRetryMs: 'x' is not a whole number. Fix: {RetryFix}." },
        { "WebhookRetryMs", "200,-1", $"Citrine:WebhookRetryMs: delay 2 (-1) is out of range. Fix: {RetryFix}." },
        { "WebhookRetryMs", "604800001", $"Citrine:WebhookRetryMs: delay 1 (604800001) is out of range. Fix: {RetryFix}." },
        { "CryptoPricesUsd__BNB", "-1", $"Citrine:CryptoPricesUsd:BNB: -1 is not a price. Fix: {PriceFix}." },
        { "CryptoPricesUsd__BNB", "0.123456789", $"Citrine:CryptoPricesUsd:BNB: 0.123456789 is not a price. Fix: {PriceFix}." },
        { "FiatPricesUsd__EUR", "abc", "Citrine:FiatPricesUsd:EUR: 'abc' is not a decimal number. Fix: set each currency's USD price as a decimal number from 0 (currency not accepted) to 1000000000 with at most 8 decimals, e.g. Citrine__CryptoPricesUsd__BNB=600.5." },
        { "CryptoPricesUsd__USD", "1", "Citrine:CryptoPricesUsd:USD: is priced both as a crypto and as a fiat currency. Fix: keep USD in one of Citrine:CryptoPricesUsd and Citrine:FiatPricesUsd and set it to 0 in the other." },
        { "CryptoPricesUsd__X", "1", $"Citrine:CryptoPricesUsd:X: is not a currency code (2 to 20 letters or digits). Fix: {PriceFix}." },
        { "PublicBaseUrl", "ftp://pay.example.com", "Citrine:PublicBaseUrl: 'ftp://pay.example.com' is not an absolute http or https base URL. Fix: set an absolute http or https URL without query or fragment (https://pay.example.com), or remove the setting to use the request's host." },
        { "PublicBaseUrl", "https://pay.example.com/?a=1", "Citrine:PublicBaseUrl: 'https://pay.example.com/?a=1' is not an absolute http or https base URL. Fix: set an absolute http or https URL without query or fragment (https://pay.example.com), or remove the setting to use the request's host." },
        { "MasterKey", "not*base64", $"Citrine:MasterKey: is not valid base64. Fix: {MasterKeyFix}." },
        { "MasterKey", Convert.ToBase64String(new byte[16]), $"Citrine:MasterKey: decodes to 16 bytes instead of 32. Fix: {MasterKeyFix}." },
        { "AdminToken", "two words", "Citrine:AdminToken: contains spaces or characters outside visible ASCII. Fix: set visible ASCII characters without spaces, or remove it to use <data-dir>/admin.token." },
        { "Storage", "postgres", $"Citrine:PostgresConnectionString: is required when Citrine:Storage is postgres. Fix: {PostgresFix}." },
        { "Demo__ApiKey", "short", $"Citrine:Demo:ApiSecret: is missing while its pair is set. Fix: {DemoFix}." },
        { "Demo__Key", "x", "Citrine:Demo:Key: is not a Citrine setting. Fix: use Citrine:Demo:ApiKey or Citrine:Demo:ApiSecret." },
        { "Telemetry__Prometheus", "on", "Citrine:Telemetry:Prometheus: 'on' is not true or false. Fix: set true or false." },
        { "Telemetry__BacklogSampleMs", "5", "Citrine:Telemetry:BacklogSampleMs: 5 is out of range. Fix: set milliseconds from 100 to 3600000 (Citrine__Telemetry__BacklogSampleMs=5000)." },
        { "Telemetry__OtlpProtocol", "udp", "Citrine:Telemetry:OtlpProtocol: 'udp' is not an OTLP protocol. Fix: set grpc or http/protobuf (Citrine__Telemetry__OtlpProtocol=http/protobuf)." },
        { "WriteQueueCapacity", "0", "Citrine:WriteQueueCapacity: 0 is out of range. Fix: set a whole number of writes from 1 to 1000000." },
        { "LongPollsPerMerchant", "0", "Citrine:LongPollsPerMerchant: 0 is out of range. Fix: set a whole number of long polls from 1 to 10000." },
        { "RateLimit__PermitsPerSecond", "-1", "Citrine:RateLimit:PermitsPerSecond: -1 is out of range. Fix: set requests per second from 0 (no limit, the default) to 1000000 (Citrine__RateLimit__PermitsPerSecond=50)." },
        { "RateLimit__Burst", "many", "Citrine:RateLimit:Burst: 'many' is not a whole number. Fix: set requests from 0 (same as PermitsPerSecond) to 1000000 (Citrine__RateLimit__Burst=100)." },
        { "RateLimit__Rate", "5", "Citrine:RateLimit:Rate: is not a Citrine setting. Fix: use Citrine:RateLimit:PermitsPerSecond or Citrine:RateLimit:Burst." },
        { "Retention__IntervalMs", "5", "Citrine:Retention:IntervalMs: 5 is out of range. Fix: set milliseconds from 100 to 86400000 (Citrine__Retention__IntervalMs=60000)." },
        { "Retention__WebhookEventsHours", "-1", "Citrine:Retention:WebhookEventsHours: -1 is out of range. Fix: set hours from 0 (keep for ever) to 876000 (Citrine__Retention__WebhookEventsHours=720)." },
        { "Telemetry__Exporter", "x", "Citrine:Telemetry:Exporter: is not a Citrine setting. Fix: use Citrine:Telemetry:Prometheus or Citrine:Telemetry:OtlpEndpoint or Citrine:Telemetry:OtlpProtocol or Citrine:Telemetry:BacklogSampleMs." },
        { "Journal__Enabled", "yes", "Citrine:Journal:Enabled: 'yes' is not true or false. Fix: set true or false." },
        { "Journal__MaxPerMerchant", "0", "Citrine:Journal:MaxPerMerchant: 0 is out of range. Fix: set a whole number of entries from 1 to 1000000 (Citrine__Journal__MaxPerMerchant=1000)." },
        { "Journal__RetentionHours", "many", "Citrine:Journal:RetentionHours: 'many' is not a whole number. Fix: set hours from 1 to 8760 (Citrine__Journal__RetentionHours=24)." },
        { "Journal__Retention", "1", "Citrine:Journal:Retention: is not a Citrine setting. Fix: use Citrine:Journal:Enabled or Citrine:Journal:RetentionHours or Citrine:Journal:MaxPerMerchant or Citrine:Journal:QueueCapacity or Citrine:Journal:FlushIntervalMs or Citrine:Journal:PruneIntervalMs." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_is_one_line_on_stderr_and_exit_code_1(string setting, string value,
        string expected) =>
        await ExpectAsync(new() { ["Citrine__" + setting] = value }, [], expected);

    [Fact]
    public async Task A_malformed_demo_key_names_the_key_format()
    {
        await ExpectAsync(new() { ["Citrine__Demo__ApiKey"] = "short", ["Citrine__Demo__ApiSecret"] = GoodKey }, [],
            $"Citrine:Demo:ApiKey: is not a well-formed API key. Fix: {DemoFix}.");
        await ExpectAsync(new() { ["Citrine__Demo__ApiKey"] = GoodKey, ["Citrine__Demo__ApiSecret"] = GoodKey.ToUpperInvariant() },
            [], $"Citrine:Demo:ApiSecret: is not a well-formed API secret. Fix: {DemoFix}.");
    }

    [Fact]
    public async Task A_bad_public_url_flag_is_reported_like_the_setting() =>
        await ExpectAsync([], ["--public-url", "localhost:8080"],
            "Citrine:PublicBaseUrl: 'localhost:8080' is not an absolute http or https base URL. Fix: set an absolute http or https URL without query or fragment (https://pay.example.com), or remove the setting to use the request's host.");

    [Fact]
    public async Task A_malformed_PostgreSQL_connection_string_is_named_without_echoing_it()
    {
        var line = await ExpectAsync([], ["--postgres", "Hots=db.internal;Password=hunter2"],
            "Citrine:PostgresConnectionString: is malformed (");
        line.ShouldEndWith($"). Fix: {PostgresFix}.");
        line.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_is_named_with_host_and_port()
    {
        var line = await ExpectAsync([], ["--postgres", "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=hunter2"],
            "Citrine:PostgresConnectionString: cannot connect to PostgreSQL at 127.0.0.1:1 (");
        line.ShouldEndWith("). Fix: start PostgreSQL there, or correct Host and Port.");
        line.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task A_PostgreSQL_server_that_refuses_the_login_is_named_with_its_reason()
    {
        var root = Environment.GetEnvironmentVariable(TestDatabases.PostgresVariable)
            ?? throw new InvalidOperationException($"{TestDatabases.PostgresVariable} is not set.");
        var builder = new NpgsqlConnectionStringBuilder(root) { Database = "citrine_no_such_database" };
        await ExpectAsync([], ["--postgres", builder.ConnectionString],
            $"Citrine:PostgresConnectionString: PostgreSQL at {builder.Host}:{builder.Port} refused the connection: database \"citrine_no_such_database\" does not exist (SQLSTATE 3D000). Fix: correct Username, Password and Database, or create the database and user.");
    }

    [Fact]
    public async Task An_unwritable_data_directory_is_named()
    {
        // A path below a regular file can never be created, whoever runs the test (root ignores permissions).
        var file = CliRunner.TempFile("not a directory");
        var dataDir = Path.Combine(file, "data");
        var line = await ExpectAsync([], ["--data-dir", dataDir], $"Citrine:DataDirectory: {dataDir} is not a writable directory (");
        line.ShouldEndWith("). Fix: set Citrine:DataDirectory (or --data-dir) to a directory this user can create and write.");
    }

    [Fact]
    public async Task A_corrupt_master_key_file_is_named_with_its_path()
    {
        var dataDir = TestDatabases.NewSqliteDirectory();
        var keyFile = Path.Combine(dataDir, "master.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(new byte[31]));
        await ExpectAsync([], ["--data-dir", dataDir],
            $"Citrine:MasterKey (file {keyFile}): decodes to 31 bytes instead of 32. Fix: restore this data directory's original master.key (secrets encrypted under another key cannot be read), or set Citrine:MasterKey to the key the database was created with.",
            dataDirectory: null);
    }

    [Fact]
    public async Task A_node_with_another_master_key_says_it_cannot_decrypt_the_shared_SQLite_database()
    {
        var options = new CitrineOptions { DataDirectory = TestDatabases.NewSqliteDirectory(), MasterKey = NewKey() };
        await (await TestServer.StartAsync(Store.Sqlite, reuse: options)).DisposeAsync();

        await ExpectAsync(new() { ["Citrine__MasterKey"] = NewKey() }, ["--data-dir", options.DataDirectory],
            $"Citrine:MasterKey: {Mismatch}", dataDirectory: null);
    }

    [Fact]
    public async Task A_second_node_without_the_shared_master_key_says_it_cannot_decrypt_the_shared_PostgreSQL_database()
    {
        var options = new CitrineOptions
        {
            DataDirectory = TestDatabases.NewSqliteDirectory(),
            MasterKey = NewKey(),
            Storage = "postgres",
            PostgresConnectionString = await TestDatabases.NewPostgresDatabaseAsync(),
        };
        await using var firstNode = await TestServer.StartAsync(Store.Postgres, reuse: options);

        // The second node has its own data directory, hence its own generated master.key.
        var secondDataDir = TestDatabases.NewSqliteDirectory();
        await ExpectAsync([], ["--postgres", options.PostgresConnectionString, "--data-dir", secondDataDir],
            $"Citrine:MasterKey (file {Path.Combine(secondDataDir, "master.key")}): {Mismatch}", dataDirectory: null);
        await ExpectAsync(new() { ["Citrine__MasterKey"] = NewKey() },
            ["--postgres", options.PostgresConnectionString, "--data-dir", secondDataDir],
            $"Citrine:MasterKey: {Mismatch}", dataDirectory: null);
    }

    [Fact]
    public async Task A_port_in_use_is_named()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await ExpectAsync([], ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            $"--port: http://127.0.0.1:{port} is already in use. Fix: choose another --port (0 picks a free one) or stop the process using it.",
            port: null);
    }

    private static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Runs <c>citrine serve</c> and checks it failed with one stderr line starting with "error: " +
    /// <paramref name="expected"/> (the whole line when it ends with a period); returns the line.
    /// </summary>
    private static async Task<string> ExpectAsync(Dictionary<string, string> environment, string[] args,
        string expected, string? dataDirectory = "", string? port = "0")
    {
        string[] command = ["serve", .. port is null ? [] : new[] { "--port", port }, .. args];
        if (dataDirectory is not null && !args.Contains("--data-dir"))
        {
            command = [.. command, "--data-dir", TestDatabases.NewSqliteDirectory()];
        }

        var (exit, stdout, stderr) = await CliProcess.RunAsync(environment, command);
        var context = $"stdout:\n{stdout}\nstderr:\n{stderr}";
        exit.ShouldBe(1, context);
        stdout.ShouldNotContain("   at ", Case.Sensitive, context);
        stderr.ShouldNotContain("   at ", Case.Sensitive, context);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Length.ShouldBe(1, context);
        var line = lines[0];
        if (expected.EndsWith('.'))
        {
            line.ShouldBe("error: " + expected, context);
        }
        else
        {
            line.ShouldStartWith("error: " + expected, customMessage: context);
        }

        return line;
    }
}
