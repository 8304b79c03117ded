using System.Collections.Concurrent;
using System.Text;

namespace Citrine.Storage.Postgres;

/// <summary>
/// A store's SQL text with <c>@name</c> parameters, rewritten once into PostgreSQL's own <c>$1, $2, …</c> and the
/// parameter names in that order. Npgsql sends a command whose parameters have no names as it is, without parsing its
/// text; given names, it parses and rewrites the text on every execution, which cost 8.6 % of the server's on-CPU
/// samples in a PostgreSQL create-v2 profile (docs/performance.md#positional-parameters). The parse here runs once per
/// text and is kept.
/// </summary>
internal sealed class PositionalSql
{
    /// <summary>Texts kept. The stores' texts are constants plus a few filter combinations; a text beyond the bound
    /// (a bulk seed's row count, say) is rewritten on each use rather than kept.</summary>
    private const int KeptTexts = 1_024;

    private static readonly ConcurrentDictionary<string, PositionalSql?> Kept = new(StringComparer.Ordinal);

    private PositionalSql(string text, string[] names)
    {
        Text = text;
        Names = names;
    }

    /// <summary>The text with <c>$n</c> in place of each <c>@name</c>.</summary>
    public string Text { get; }

    /// <summary>The name behind <c>$1</c>, <c>$2</c>, …, with its <c>@</c>.</summary>
    public string[] Names { get; }

    /// <summary>
    /// The rewrite of <paramref name="sql"/>, or null when the text is left to Npgsql: it holds more than one statement
    /// (Npgsql splits those only when it parses), a dollar-quoted body, or no parameter at all.
    /// </summary>
    public static PositionalSql? Of(string sql)
    {
        if (Kept.TryGetValue(sql, out var kept))
        {
            return kept;
        }

        var made = Rewrite(sql);
        if (Kept.Count < KeptTexts)
        {
            Kept.TryAdd(sql, made);
        }

        return made;
    }

    internal static PositionalSql? Rewrite(string sql)
    {
        var text = new StringBuilder(sql.Length);
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'' && IsEscapeStringPrefix(sql, i))
            {
                // E'…' takes backslash escapes, which Quoted does not follow.
                return null;
            }

            var skip = c switch
            {
                '\'' => Quoted(sql, i, '\''),
                '"' => Quoted(sql, i, '"'),
                '-' when At(sql, i + 1, '-') => LineComment(sql, i),
                '/' when At(sql, i + 1, '*') => BlockComment(sql, i),
                _ => 0,
            };
            if (skip > 0)
            {
                text.Append(sql, i, skip);
                i += skip;
                continue;
            }

            if (c is ';' or '$')
            {
                // A second statement, or a dollar-quoted string or an existing positional parameter: Npgsql's turn.
                return null;
            }

            if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]))
            {
                var end = i + 1;
                while (end < sql.Length && IsNameChar(sql[end]))
                {
                    end++;
                }

                var name = sql[i..end];
                var index = names.IndexOf(name);
                if (index < 0)
                {
                    names.Add(name);
                    index = names.Count - 1;
                }

                text.Append('$').Append(index + 1);
                i = end;
                continue;
            }

            text.Append(c);
            i++;
        }

        return names.Count == 0 ? null : new PositionalSql(text.ToString(), [.. names]);
    }

    private static bool At(string sql, int i, char c) => i < sql.Length && sql[i] == c;

    private static bool IsEscapeStringPrefix(string sql, int quote) =>
        quote > 0 && sql[quote - 1] is ('E' or 'e') && (quote == 1 || !IsNameChar(sql[quote - 2]));

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Length of a quoted string or identifier starting at <paramref name="start"/>; a doubled quote is part
    /// of it. An unterminated one runs to the end (PostgreSQL then reports the error, as it would have).</summary>
    private static int Quoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (At(sql, i + 1, quote))
                {
                    i += 2;
                    continue;
                }

                return i + 1 - start;
            }

            i++;
        }

        return sql.Length - start;
    }

    private static int LineComment(string sql, int start)
    {
        var end = sql.IndexOf('\n', start);
        return (end < 0 ? sql.Length : end) - start;
    }

    private static int BlockComment(string sql, int start)
    {
        var end = sql.IndexOf("*/", start + 2, StringComparison.Ordinal);
        return (end < 0 ? sql.Length : end + 2) - start;
    }
}
