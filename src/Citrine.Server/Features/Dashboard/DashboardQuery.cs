using System.Globalization;
using Citrine.Domain.Orders;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Features.Dashboard;

/// <summary>
/// Reads the dashboard's query parameters (and route ids): the first bad one becomes <see cref="Error"/>, which the page
/// answers with HTTP 400, never a 500. An absent or empty parameter is null.
/// </summary>
internal sealed class DashboardQuery(IQueryCollection query)
{
    /// <summary>Longest text filter.</summary>
    public const int TextMax = 64;

    /// <summary>Highest page number.</summary>
    public const int PageMax = 10_000;

    public string? Error { get; private set; }

    /// <summary>A positive 64-bit id; null when absent.</summary>
    public long? Id(string name)
    {
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        if (ParseId(text) is { } id)
        {
            return id;
        }

        Fail($"{name}: a positive whole number");
        return null;
    }

    public string? Text(string name)
    {
        var text = Single(name);
        if (text is not null && (text.Length > TextMax || text.Any(char.IsControl) || text.Any(char.IsSurrogate)))
        {
            Fail($"{name}: at most {TextMax} printable characters");
            return null;
        }

        return text;
    }

    /// <summary>A UTC calendar day, <c>yyyy-MM-dd</c> (what an HTML date input sends), as its first ms.</summary>
    public long? Day(string name)
    {
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        Fail($"{name}: a date as yyyy-MM-dd");
        return null;
    }

    public OrderStatus? Status(string name)
    {
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        var status = Enum.GetValues<OrderStatus>().Where(s => s.WireName() == text).Cast<OrderStatus?>()
            .FirstOrDefault();
        if (status is null)
        {
            Fail($"{name}: one of {string.Join(", ", Enum.GetValues<OrderStatus>().Select(s => s.WireName()))}");
        }

        return status;
    }

    public int Page(string name)
    {
        var text = Single(name);
        if (text is null)
        {
            return 1;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= PageMax)
        {
            return page;
        }

        Fail($"{name}: a page number from 1 to {PageMax}");
        return 1;
    }

    /// <summary>A positive 64-bit id written in plain digits, or null.</summary>
    public static long? ParseId(string? text) =>
        text is { Length: > 0 and <= 19 }
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;

    private string? Single(string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            Fail($"{name}: given more than once");
            return null;
        }

        var text = values.ToString();
        return text.Length == 0 ? null : text;
    }

    private void Fail(string message) => Error ??= message;
}
