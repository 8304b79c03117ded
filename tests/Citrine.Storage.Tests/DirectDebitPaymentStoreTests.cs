using Citrine.Application;
using Citrine.Application.Buyers;
using Citrine.Application.DirectDebit;
using Citrine.Application.Webhooks;
using Citrine.Domain.DirectDebit;
using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>
/// Direct-debit payments: one (merchant, merchantRequestId) applies once, a replay answers the stored payment, and
/// any refusal (contract, limit, currency, funds) rolls back everything, the request id included.
/// </summary>
public abstract class DirectDebitPaymentStoreTests(Store store) : StoreContract(store)
{
    private const long Coin = 100_000_000;
    private const long BuyerId = 777_000_001;

    private SqlDirectDebitPaymentStore Payments => new(Database);

    private SqlContractStore Contracts => new(Database);

    [Fact]
    public async Task A_payment_debits_the_contract_and_writes_order_journal_and_event_together()
    {
        var contract = await SignedContractAsync(fundsUnits: 10 * Coin);
        var command = Command(contract, "req1", 3 * Coin);

        var attempt = await ApplyAsync(command);

        attempt.Outcome.ShouldBe(PayApplyOutcome.Applied);
        var payment = attempt.Payment!;
        (payment.MerchantRequestId, payment.ContractId, payment.AmountUnits, payment.Fingerprint)
            .ShouldBe(("req1", contract.ContractId, 3 * Coin, command.Fingerprint));
        var debited = (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!;
        (debited.DebitCount, debited.DebitedUnits).ShouldBe((1, 3 * Coin));
        (await CountAsync("SELECT COUNT(*) FROM orders WHERE prepay_id = @p AND status = 'PAID'",
            ("@p", payment.PrepayId))).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM journals WHERE kind = 'PAYMENT' AND order_id = @p",
            ("@p", payment.PrepayId))).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_id = @p", ("@p", payment.PrepayId)))
            .ShouldBe(1);
        (await new SqlBuyerStore(Database).BalancesAsync(Accounts.Buyer(BuyerId), CancellationToken.None))["USDT"]
            .ShouldBe(7 * Coin);
    }

    [Fact]
    public async Task A_replay_answers_the_stored_payment_and_a_different_request_under_its_id_is_refused()
    {
        var contract = await SignedContractAsync(fundsUnits: 10 * Coin);
        var first = await ApplyAsync(Command(contract, "req1", Coin));

        var replay = await ApplyAsync(Command(contract, "req1", Coin));
        var different = await ApplyAsync(Command(contract, "req1", 2 * Coin));

        replay.Outcome.ShouldBe(PayApplyOutcome.Duplicate);
        replay.Payment.ShouldBe(first.Payment);
        different.Outcome.ShouldBe(PayApplyOutcome.DifferentRequest);
        different.Payment.ShouldBe(first.Payment);
        (await CountAsync("SELECT COUNT(*) FROM orders")).ShouldBe(1);
        (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!.DebitCount.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_payments_under_one_request_id_apply_once()
    {
        var contract = await SignedContractAsync(fundsUnits: 100 * Coin);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ApplyAsync(
            Command(contract, "same", Coin))));

        attempts.Count(a => a.Outcome == PayApplyOutcome.Applied).ShouldBe(1);
        attempts.Count(a => a.Outcome == PayApplyOutcome.Duplicate).ShouldBe(19);
        attempts.Select(a => a.Payment!.PrepayId).Distinct().Count().ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM orders")).ShouldBe(1);
        (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!.DebitedUnits.ShouldBe(Coin);
    }

    [Fact]
    public async Task Every_refusal_rolls_back_the_whole_payment_including_its_request_id()
    {
        var contract = await SignedContractAsync(fundsUnits: Coin);
        var merchant = contract.MerchantId;

        (await Apply(Command(contract, "r", ContractRows.LimitUnits + 1))).ShouldBe(PayApplyOutcome.OverLimit);
        (await Apply(Command(contract, "r", Coin) with { Currency = "BNB" })).ShouldBe(PayApplyOutcome.CurrencyMismatch);
        (await Apply(Command(contract, "r", 2 * Coin))).ShouldBe(PayApplyOutcome.InsufficientFunds);
        (await Apply(Command(contract, "r", Coin) with { ContractId = contract.ContractId + 1 }))
            .ShouldBe(PayApplyOutcome.ContractNotFound);
        var foreign = await SignedContractAsync(fundsUnits: 0);
        (await Apply(Command(foreign, "r", Coin) with { MerchantId = merchant }))
            .ShouldBe(PayApplyOutcome.ContractNotFound);
        (await Apply(Command(contract, "r", Coin), contract.ContractEndTimeMs))
            .ShouldBe(PayApplyOutcome.ContractNotSigned);

        (await CountAsync("SELECT COUNT(*) FROM direct_debit_payments")).ShouldBe(0);
        (await CountAsync("SELECT COUNT(*) FROM orders")).ShouldBe(0);
        (await CountAsync("SELECT COUNT(*) FROM journals WHERE kind = 'PAYMENT'")).ShouldBe(0);
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_type = 'PAY'")).ShouldBe(0);
        (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!.DebitCount.ShouldBe(0);

        // The refused request id is still free: the same request succeeds once it can.
        (await Apply(Command(contract, "r", Coin))).ShouldBe(PayApplyOutcome.Applied);

        await Contracts.TryTerminateAsync(contract.PreContractId, ContractTerminationWay.ByMerchant, null, NowMs(), null,
            CancellationToken.None);
        (await Apply(Command(contract, "after-termination", Coin))).ShouldBe(PayApplyOutcome.ContractNotSigned);
    }

    [Fact]
    public async Task A_notification_is_stored_once_per_request_id_and_its_replay_answers_the_first()
    {
        var merchant = await NewMerchantAsync();
        var command = new PayNotifyCommand(merchant, "n1", 42, Coin, "USDT");
        var first = new DirectDebitNotification("n1", command.Fingerprint, 1001, 5_000);

        (await Payments.NotifyAsync(command, first, CancellationToken.None)).ShouldBe(first);
        (await Payments.NotifyAsync(command, first with { OrderId = 1002, TransactionTimeMs = 6_000 },
            CancellationToken.None)).ShouldBe(first);
        var other = await NewMerchantAsync();
        var elsewhere = new DirectDebitNotification("n1", command.Fingerprint, 2001, 7_000);
        (await Payments.NotifyAsync(command with { MerchantId = other }, elsewhere, CancellationToken.None))
            .ShouldBe(elsewhere);
        (await CountAsync("SELECT COUNT(*) FROM direct_debit_notifications")).ShouldBe(2);
    }

    private async Task<PayApplyOutcome> Apply(PayApplyCommand command, long? nowMs = null) =>
        (await ApplyAsync(command, nowMs)).Outcome;

    private Task<PayApplyAttempt> ApplyAsync(PayApplyCommand command, long? nowMs = null) =>
        Payments.ApplyAsync(command, nowMs ?? NowMs(), Charge(command.AmountUnits), CancellationToken.None);

    private async Task<Contract> SignedContractAsync(long fundsUnits)
    {
        var buyers = new SqlBuyerStore(Database);
        if (await buyers.GetAsync(BuyerId, CancellationToken.None) is null)
        {
            await buyers.TryInsertAsync(new Buyer(BuyerId, "Payer", NowMs(), BuyerIdentity.Derived(BuyerId), null), null, CancellationToken.None);
        }

        if (fundsUnits > 0)
        {
            await buyers.FundAsync(BuyerId, Journal.Create(JournalKinds.Funding, Accounts.Buyer(BuyerId),
                new Posting(Accounts.Buyer(BuyerId), "USDT", fundsUnits),
                new Posting(Accounts.SandboxMint, "USDT", -fundsUnits)), NowMs(), CancellationToken.None);
        }

        var contract = ContractRows.New(await NewMerchantAsync(), NowMs());
        await Contracts.TryInsertAsync(contract, CancellationToken.None);
        (await Contracts.TrySignAsync(contract.PreContractId, BuyerId, "open", NowMs(), ContractRows.Event("SIGNED"),
            CancellationToken.None)).ShouldBeTrue();
        return (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!;
    }

    private static PayApplyCommand Command(Contract contract, string requestId, long amountUnits) =>
        new(contract.MerchantId, null, requestId, contract.ContractId, amountUnits, null, "Gym", null, null, null);

    /// <summary>The simplest charge: the whole amount from the contract's buyer to the merchant, no
    /// commission.</summary>
    private static Func<Contract, ContractCharge> Charge(long amountUnits) => contract =>
    {
        var order = NewOrder(contract.MerchantId) with
        {
            Status = OrderStatus.Paid,
            Currency = contract.Currency,
            AmountUnits = amountUnits,
            TransactTimeMs = NowMs(),
        };
        var journal = Journal.Create(JournalKinds.Payment, "order:" + order.PrepayId,
            new Posting(Accounts.Buyer(contract.BuyerId!.Value), contract.Currency, -amountUnits),
            new Posting(Accounts.Merchant(contract.MerchantId), contract.Currency, amountUnits));
        return new ContractCharge(order, journal, Event(order, "PAID"));
    };
}

public sealed class SqliteDirectDebitPaymentStoreTests() : DirectDebitPaymentStoreTests(Store.Sqlite);

public sealed class PostgresDirectDebitPaymentStoreTests() : DirectDebitPaymentStoreTests(Store.Postgres);
