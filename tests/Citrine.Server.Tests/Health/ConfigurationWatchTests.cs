using Citrine.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Shouldly;

namespace Citrine.Server.Tests.Health;

/// <summary>
/// The host reads its JSON settings without watching them (src/Citrine.Server/CitrineApp.cs): a watch covers the
/// whole working directory, where the SQLite data directory is by default, so every write woke it.
/// </summary>
public sealed class ConfigurationWatchTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    [Fact]
    public void No_json_settings_file_is_watched_for_changes()
    {
        var root = (IConfigurationRoot)fixture.Server.App.Configuration;
        var json = root.Providers.OfType<JsonConfigurationProvider>().ToList();
        json.ShouldNotBeEmpty("the host still reads appsettings.json");
        json.ShouldAllBe(p => !p.Source.ReloadOnChange);
    }
}
