using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Dashboard;

/// <summary>The sandbox dashboard (issue 15), wired in two calls from <see cref="CitrineApp"/>.</summary>
internal static class DashboardFeature
{
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services
        .AddSingleton<DashboardSessions>()
        .AddSingleton<DashboardDependencies>();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        DashboardEndpoints.Map(app);
        return app;
    }
}
