namespace Citrine.Cli.Doctor;

/// <summary>What a signature doctor found: whether it matches, the exact signed string, and the likely mistakes.</summary>
public sealed record SignatureReport(bool Matches, string SignedString, string? Computed, IReadOnlyList<string> Findings);
