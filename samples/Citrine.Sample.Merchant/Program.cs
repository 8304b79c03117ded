using Citrine.Sample.Merchant;

// Run a Citrine (`citrine serve --demo`), put its API key and secret in BinancePay__ApiKey / BinancePay__ApiSecret,
// then `dotnet run` and open http://127.0.0.1:5080.
var app = MerchantApp.Build(args);
await app.RunAsync();
