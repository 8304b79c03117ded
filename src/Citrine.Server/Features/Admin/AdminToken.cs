using System.Security.Cryptography;
using System.Text;
using Citrine.Application;

namespace Citrine.Server.Features.Admin;

/// <summary>
/// The admin API token: from configuration, else <c>admin.token</c> in the data directory (created with owner-only
/// permissions on first start), so the CLI on the same machine finds it without configuration.
/// </summary>
public sealed class AdminToken(string value)
{
    public const string FileName = "admin.token";

    public string Value { get; } = value;

    public static AdminToken Load(CitrineOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.AdminToken))
        {
            return new AdminToken(options.AdminToken);
        }

        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, FileName);
        if (!File.Exists(path))
        {
            try
            {
                using var stream = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                stream.Write(Encoding.ASCII.GetBytes(Application.Ids.NewToken(40)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created concurrently by another process.
            }
        }

        return new AdminToken(File.ReadAllText(path).Trim());
    }

    /// <summary>Constant-time check of an <c>Authorization: Bearer</c> header.</summary>
    public bool Matches(string? authorization)
    {
        const string Prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[Prefix.Length..].Trim()),
            Encoding.UTF8.GetBytes(Value));
    }
}
