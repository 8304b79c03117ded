using System.Globalization;
using System.Reflection;
using Citrine.Application;
using Citrine.Application.Configuration;
using Microsoft.Extensions.Configuration;

namespace Citrine.Server.Configuration;

/// <summary>
/// Reads the <c>Citrine</c> section into <see cref="CitrineOptions"/> loudly: an unknown key, a value that is not of
/// its setting's type, or a malformed list is a <see cref="ConfigurationException"/> rather than silently ignored.
/// List settings take the comma form too (<c>Citrine__WebhookRetryMs=200,400,800</c>), which the configuration binder
/// alone ignores; ranges are checked afterwards by <see cref="CitrineOptionsValidator"/>.
/// </summary>
public static class CitrineConfiguration
{
    private static readonly PropertyInfo[] Properties =
        typeof(CitrineOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    /// <summary>Binds the section onto <paramref name="options"/> (whose values serve as defaults) and returns it.</summary>
    public static CitrineOptions Bind(IConfiguration configuration, CitrineOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(CitrineOptions.Section);
        foreach (var child in section.GetChildren())
        {
            var property = Properties.FirstOrDefault(p =>
                string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigurationException(child.Path, "is not a Citrine setting",
                    "check the spelling against the configuration table in README.md, or remove it");
            Check(property, child);
        }

        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // Not expected after the checks above; still one line rather than a stack trace.
            throw new ConfigurationException(CitrineOptions.Section, e.Message, "correct the value");
        }

        foreach (var property in Properties.Where(p => p.PropertyType == typeof(int[])))
        {
            if (CommaList(section.GetSection(property.Name)) is { } list)
            {
                property.SetValue(options, list);
            }
        }

        return options;
    }

    private static void Check(PropertyInfo property, IConfigurationSection section)
    {
        var type = property.PropertyType;
        var children = section.GetChildren().ToList();
        if (type == typeof(int[]))
        {
            foreach (var child in children)
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw Bad(property, child.Path, "is not an index (use 0, 1, 2, …)");
                }

                ParseInt(property, child.Path, child.Value);
            }
        }
        else if (type == typeof(Dictionary<string, decimal>))
        {
            foreach (var child in children)
            {
                if (child.Value is null || !decimal.TryParse(child.Value, NumberStyles.Number,
                        CultureInfo.InvariantCulture, out _))
                {
                    throw Bad(property, child.Path, $"'{child.Value}' is not a decimal number");
                }
            }
        }
        else if (IsSection(type))
        {
            // Citrine:Demo, Citrine:Logging, Citrine:Telemetry: each key must be one of the section's settings.
            var settings = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
                .ToList();
            foreach (var child in children)
            {
                var setting = settings.FirstOrDefault(p =>
                    string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ConfigurationException(child.Path, "is not a Citrine setting",
                        "use " + string.Join(" or ", settings.Select(p => $"{section.Path}:{p.Name}")));
                if (child.GetChildren().Any())
                {
                    throw Bad(setting, child.Path, "takes a single value, not a section");
                }

                if (child.Value is { } value)
                {
                    CheckScalar(setting, child.Path, value);
                }
            }
        }
        else if (children.Count > 0)
        {
            throw Bad(property, section.Path, "takes a single value, not a section");
        }
        else if (section.Value is { } value)
        {
            CheckScalar(property, section.Path, value);
        }
    }

    /// <summary>A nested options class bound from a sub-section (not a scalar, list or dictionary).</summary>
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(CitrineOptions).Namespace;

    private static void CheckScalar(PropertyInfo property, string path, string value)
    {
        var type = property.PropertyType;
        if (type == typeof(int))
        {
            ParseInt(property, path, value);
        }
        else if (type == typeof(bool) && !bool.TryParse(value, out _))
        {
            throw Bad(property, path, $"'{value}' is not true or false");
        }
        else if (type == typeof(decimal)
                 && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            throw Bad(property, path, $"'{value}' is not a decimal number");
        }
    }

    private static int ParseInt(PropertyInfo property, string path, string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw Bad(property, path, $"'{value}' is not a whole number");

    /// <summary>The comma form of a list setting, or null when the setting is absent or given indexed.</summary>
    private static int[]? CommaList(IConfigurationSection section)
    {
        if (section.Value is not { } text)
        {
            return null;
        }

        var property = Properties.First(p => string.Equals(p.Name, section.Key, StringComparison.OrdinalIgnoreCase));
        if (section.GetChildren().Any())
        {
            throw Bad(property, section.Path, "is given both as a comma-separated list and indexed");
        }

        return text.Trim().Length == 0
            ? []
            : [.. text.Split(',').Select(item => ParseInt(property, section.Path, item.Trim()))];
    }

    private static ConfigurationException Bad(PropertyInfo property, string path, string problem) =>
        new(path, problem, CitrineOptionsValidator.FixFor(property.Name));
}
