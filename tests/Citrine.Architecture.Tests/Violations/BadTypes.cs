using Citrine.Application;
using Citrine.Storage;
using Microsoft.AspNetCore.Http;

// Deliberately bad types, one namespace per layer, that each rule must catch (RulesCanFailTests). They are never
// instantiated; they exist only to be read by NetArchTest.
namespace Citrine.Architecture.Tests.Violations.Domain
{
    public sealed class StateMachineThatReadsOptions
    {
        public int Window(CitrineOptions options) => options.TimestampWindowMs;
    }
}

namespace Citrine.Architecture.Tests.Violations.Application
{
    public sealed class HandlerThatReadsTheHttpContext
    {
        public string? Path(HttpContext context) => context.Request.Path.Value;
    }
}

namespace Citrine.Architecture.Tests.Violations.Server
{
    public sealed class EndpointThatOpensTheStore
    {
        public object Store(Database database) => new SqlMerchantStore(database);
    }

    public static class Composition
    {
        public static object Bind(Database database) => Registration.Make(() => new SqlNonceStore(database));

        private static class Registration
        {
            public static object Make(Func<object> factory) => factory();
        }
    }
}

namespace Citrine.Architecture.Tests.Violations.Client
{
    public sealed class ClientThatBorrowsServerCode
    {
        public Type Host => typeof(Citrine.Server.CitrineApp);
    }
}

namespace Citrine.Architecture.Tests.Violations.Cli
{
    public sealed class CommandThatOpensPostgres
    {
        public Type Driver => typeof(Npgsql.NpgsqlConnection);
    }
}
