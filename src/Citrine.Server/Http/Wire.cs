using System.Globalization;

namespace Citrine.Server.Http;

/// <summary>Formatting of ids for the wire.</summary>
internal static class Wire
{
    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
