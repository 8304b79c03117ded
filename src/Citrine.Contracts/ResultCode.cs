namespace Citrine.Contracts;

/// <summary>A Binance Pay result code: the wire code, its documented name, the HTTP status Citrine answers it with,
/// and the documented reason.</summary>
public sealed record ResultCode(string Code, string Name, int HttpStatus, string Reason)
{
    /// <summary>True for the one success code, <c>000000</c>.</summary>
    public bool IsSuccess => Code == ResultCodes.Success.Code;

    /// <inheritdoc />
    public override string ToString() => $"{Code} {Name}";
}
