using System.Text.Json;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary>Where commands write: a Spectre console for people, plain JSON for machines (<c>--json</c>).</summary>
public sealed class CliOutput(TextWriter writer)
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public TextWriter Writer { get; } = writer;

    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = writer == System.Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = writer == System.Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    /// <summary>Writes a wide table (one row per item) without wrapping when output is not a terminal.</summary>
    public void Write(Spectre.Console.Rendering.IRenderable renderable) => Wide().Write(renderable);

    /// <summary>Keys and secrets must never wrap: when output is not a terminal, use a wide virtual width.</summary>
    private IAnsiConsole Wide()
    {
        if (Writer != System.Console.Out || System.Console.IsOutputRedirected)
        {
            Console.Profile.Width = 240;
        }

        return Console;
    }

    public void Json<T>(T value) => Writer.WriteLine(JsonSerializer.Serialize(value, Indented));

    public void Table(string title, params (string Name, string? Value)[] rows)
    {
        var table = new Table().Title(title).AddColumn("Field").AddColumn("Value");
        foreach (var (name, value) in rows)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value ?? ""));
        }

        Wide().Write(table);
    }

    /// <summary>One line, never wrapped, so a script can grep it.</summary>
    public void Error(string message) => Wide().MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
}
