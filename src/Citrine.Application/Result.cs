using Citrine.Contracts;

namespace Citrine.Application;

/// <summary>A use case's answer: a value, or a result code with a message naming the field and the rule.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, ResultCode code, string? message)
    {
        Value = value;
        Code = code;
        Message = message;
    }

    public T? Value { get; }

    public ResultCode Code { get; }

    public string? Message { get; }

    public bool IsSuccess => Code.IsSuccess;

    public static Result<T> Ok(T value) => new(value, ResultCodes.Success, null);

    public static Result<T> Fail(ResultCode code, string message) => new(default, code, message);

    public static implicit operator Result<T>(Failure failure) => Fail(failure.Code, failure.Message);
}

/// <summary>A failure without a value type, convertible to any <see cref="Result{T}"/>.</summary>
public readonly record struct Failure(ResultCode Code, string Message);
