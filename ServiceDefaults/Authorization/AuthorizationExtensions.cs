using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace McpGateway.ServiceDefaults.Authorization;

public static class AuthorizationExtensions
{
    /// <summary>
    /// Registers the in-memory <see cref="PolicyProjection"/> and the <see cref="PolicyEvaluator"/> that decides on it.
    /// The service fills the projection at start-up (<see cref="PolicyProjection.Load"/>) and keeps it current with the
    /// teams service's events (<see cref="PolicyProjection.Apply(McpGateway.Contracts.IntegrationEvent)"/>).
    /// </summary>
    public static TBuilder AddPolicyEvaluation<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<PolicyProjection>();
        builder.Services.TryAddSingleton<PolicyEvaluator>();
        builder.Services.TryAddSingleton<Persistence.PersistedPolicyProjection>();
        return builder;
    }
}
