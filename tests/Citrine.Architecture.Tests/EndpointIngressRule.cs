namespace Citrine.Architecture.Tests;

/// <summary>
/// Placeholder for the rule "every endpoint goes through the ingress" (issue 8, deliver 3): each merchant, sandbox
/// and admin route is mapped through the one body reader and an authentication policy, never straight onto
/// <c>MapPost</c>/<c>MapGet</c> with its own body parsing. The engineer who lands the ingress fills this file with
/// the rule and a test on a deliberately bad endpoint type under <c>Violations</c>, as <see cref="RulesCanFailTests"/>
/// does for the layer rules.
/// </summary>
public static class EndpointIngressRule
{
}
