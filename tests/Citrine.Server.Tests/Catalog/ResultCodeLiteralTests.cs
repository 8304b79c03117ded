using System.Text.RegularExpressions;
using Citrine.Server.Tests.ApiDescription;

namespace Citrine.Server.Tests.Catalog;

/// <summary>Result codes are written in one place only: ResultCodes.cs. Anywhere else a literal code would drift.</summary>
public sealed partial class ResultCodeLiteralTests
{
    private const string CatalogFile = "src/Citrine.Contracts/ResultCodes.cs";

    [Fact]
    public void No_source_file_but_the_catalog_holds_a_six_digit_string_literal()
    {
        var root = ApiDocumentKit.RepositoryRoot();
        var offenders = new List<string>();
        var catalogHits = 0;
        foreach (var file in SourceFiles(Path.Combine(root, "src")))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var hits = SixDigitLiteral().Count(lines[i]);
                if (hits == 0)
                {
                    continue;
                }

                if (relative == CatalogFile)
                {
                    catalogHits += hits;
                }
                else
                {
                    offenders.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        catalogHits.ShouldBeGreaterThan(20, "the pattern must find the catalog's own codes, or it finds nothing");
        offenders.ShouldBeEmpty();
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    [GeneratedRegex("\"[0-9]{6}\"")]
    private static partial Regex SixDigitLiteral();
}
