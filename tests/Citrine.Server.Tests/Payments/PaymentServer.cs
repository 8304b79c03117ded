using Citrine.Testing;

namespace Citrine.Server.Tests.Payments;

/// <summary>The servers the payment, buyer, ledger and checkout tests run against:
/// <see cref="ServerTuning.Busy(Citrine.Application.CitrineOptions)"/>.</summary>
public abstract class PaymentServer(Store store) : ServerFixture(store, ServerTuning.Busy);

public sealed class SqlitePaymentServer() : PaymentServer(Store.Sqlite);

public sealed class PostgresPaymentServer() : PaymentServer(Store.Postgres);
