using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Citrine.Cli.Tests.Packaging;

/// <summary>
/// The container image README.md (Container image) tells people to run: the archive scripts/build-image.sh makes
/// with the SDK's <c>PublishContainer</c>, opened as <c>docker load</c> would (the Docker archive format:
/// manifest.json, the config named by its digest, the layers) and checked for what <c>docker run</c> relies on: the
/// entrypoint and its default <c>serve</c>
/// arguments, port 8080, a non-root user that the base's /etc/passwd knows, the /data volume that user owns, the
/// data directory setting, the labels, and a self-contained app in the top layer.
/// </summary>
/// <remarks>
/// scripts/test.sh builds the archive once and passes it in <c>CITRINE_IMAGE_ARCHIVE</c>; without it the test runs
/// scripts/build-image.sh itself (root, or a base already cached in .tools/container-base, is needed then).
/// </remarks>
[Collection(ToolProcess.Collection)]
public sealed class ContainerImageTests
{
    private const string User = "1654";

    [Fact]
    public async Task The_image_archive_runs_citrine_serve_on_8080_as_a_non_root_user_with_a_data_volume()
    {
        var repository = ToolProcess.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("citrine-image-").FullName;
        try
        {
            var archive = await ArchiveAsync(repository, work);
            var image = await ImageArchive.ReadAsync(archive);

            image.Tags.ShouldBe(["citrine:latest"]); // the name docker load gives it

            var config = image.Settings.GetProperty("config");
            image.Settings.GetProperty("os").GetString().ShouldBe("linux");
            Strings(config.GetProperty("Entrypoint")).ShouldBe(["/app/citrine"]);
            Strings(config.GetProperty("Cmd")).ShouldBe(["serve", "--host", "0.0.0.0", "--port", "8080"]);
            config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).ShouldBe(["8080/tcp"]);
            config.GetProperty("User").GetString().ShouldBe(User);
            config.GetProperty("Volumes").EnumerateObject().Select(p => p.Name).ShouldBe(["/data"]);
            config.GetProperty("WorkingDir").GetString().ShouldBe("/app/");
            Strings(config.GetProperty("Env")).ShouldContain("Citrine__DataDirectory=/data");

            var version = XDocument.Load(Path.Combine(repository, "Directory.Build.props")).Descendants("Version")
                .Single().Value;
            var labels = config.GetProperty("Labels").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString());
            labels["org.opencontainers.image.title"].ShouldBe("Citrine");
            labels["org.opencontainers.image.version"].ShouldBe(version);
            labels["org.opencontainers.image.licenses"].ShouldBe("MIT");
            labels["org.opencontainers.image.vendor"].ShouldBe("Citrine");
            labels["io.citrine.health.live"].ShouldBe("/health/live");
            labels["io.citrine.health.ready"].ShouldBe("/health/ready");
            labels["io.citrine.data"].ShouldBe("/data");
            labels.ShouldNotContainKey("org.opencontainers.image.base.name"); // the throwaway registry's address

            // Base layer(s): the user exists, owns /data; top layer: the self-contained app, runnable.
            image.LayerNames.Count.ShouldBe(2);
            var passwd = image.Files["etc/passwd"];
            Encoding.UTF8.GetString(passwd.Content!).Split('\n')
                .ShouldContain("app:x:1654:1654:app:/home/app:/usr/sbin/nologin");
            var data = image.Files["data"];
            data.Type.ShouldBe(TarEntryType.Directory);
            data.Uid.ShouldBe(1654);
            data.Gid.ShouldBe(1654);
            data.Layer.ShouldBe(0);
            var citrine = image.Files["app/citrine"];
            citrine.Layer.ShouldBe(1);
            citrine.Mode.HasFlag(UnixFileMode.OtherExecute).ShouldBeTrue();
            image.Files.ShouldContainKey("app/citrine.dll");
            image.Files.ShouldContainKey("app/libcoreclr.so"); // self-contained: the base has no .NET
            image.Files.ShouldContainKey("app/Microsoft.AspNetCore.dll");
            image.Files.ShouldContainKey("etc/ssl/certs/ca-certificates.crt");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> ArchiveAsync(string repository, string work)
    {
        if (Environment.GetEnvironmentVariable("CITRINE_IMAGE_ARCHIVE") is { Length: > 0 } given)
        {
            File.Exists(given).ShouldBeTrue(
                $"CITRINE_IMAGE_ARCHIVE={given} does not exist: scripts/build-image.sh failed (see its output above)");
            return given;
        }

        var archive = Path.Combine(work, "citrine-image.tar");
        await ToolProcess.RunAsync(ToolProcess.StartInfo("bash", repository,
            Path.Combine(repository, "scripts", "build-image.sh"), "--output", archive), TimeSpan.FromMinutes(20));
        return archive;
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>One file of the image's file system: the layer that last wrote it and its tar header.</summary>
    private sealed record ImageFile(int Layer, TarEntryType Type, int Uid, int Gid, UnixFileMode Mode, byte[]? Content);

    /// <summary>An image in the Docker archive format (what <c>docker save</c> writes), read with System.Formats.Tar.</summary>
    private sealed record ImageArchive(
        IReadOnlyList<string> Tags, JsonElement Settings, IReadOnlyList<string> LayerNames,
        Dictionary<string, ImageFile> Files)
    {
        // Small files the test reads the content of.
        private static readonly HashSet<string> Contents = ["etc/passwd"];

        public static async Task<ImageArchive> ReadAsync(string archive)
        {
            // Pass 1: manifest.json and the config, which is named by the SHA-256 of its content.
            var documents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            await ForEachEntryAsync(archive, async entry =>
            {
                if (entry.Name.EndsWith(".json", StringComparison.Ordinal) && entry.Length < 1 << 20)
                {
                    documents[entry.Name] = await ReadAllAsync(entry);
                }
            });
            documents.TryGetValue("manifest.json", out var manifestJson).ShouldBeTrue("manifest.json (Docker archive)");
            var manifests = JsonDocument.Parse(manifestJson!).RootElement;
            manifests.GetArrayLength().ShouldBe(1);
            var manifest = manifests[0];
            var configName = manifest.GetProperty("Config").GetString()!;
            documents.TryGetValue(configName, out var configJson).ShouldBeTrue($"config {configName} is missing");
            Convert.ToHexStringLower(SHA256.HashData(configJson!)).ShouldBe(configName[..^".json".Length]);
            var config = JsonDocument.Parse(configJson!).RootElement;
            var layers = Strings(manifest.GetProperty("Layers")).ToList();
            config.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength().ShouldBe(layers.Count);

            // Pass 2: the layers, in order (later layers win), as gzip-compressed tar streams.
            var files = new Dictionary<string, ImageFile>(StringComparer.Ordinal);
            var layerTars = new Dictionary<string, List<(string Name, ImageFile File)>>(StringComparer.Ordinal);
            await ForEachEntryAsync(archive, async entry =>
            {
                if (!layers.Contains(entry.Name))
                {
                    return;
                }

                var layer = layers.IndexOf(entry.Name);
                var list = new List<(string, ImageFile)>();
                await using var gzip = new GZipStream(entry.DataStream!, CompressionMode.Decompress);
                await using var reader = new TarReader(gzip);
                while (await reader.GetNextEntryAsync() is { } file)
                {
                    var name = (file.Name.StartsWith("./", StringComparison.Ordinal) ? file.Name[2..] : file.Name)
                        .TrimEnd('/');
                    var content = Contents.Contains(name) ? await ReadAllAsync(file) : null;
                    list.Add((name, new ImageFile(layer, file.EntryType, file.Uid, file.Gid, file.Mode, content)));
                }

                layerTars[entry.Name] = list;
            });
            foreach (var layer in layers)
            {
                layerTars.ShouldContainKey(layer, $"layer {layer} is missing from the archive");
                foreach (var (name, file) in layerTars[layer])
                {
                    files[name] = file;
                }
            }

            return new ImageArchive(Strings(manifest.GetProperty("RepoTags")), config, layers, files);
        }

        private static async Task ForEachEntryAsync(string archive, Func<TarEntry, Task> visit)
        {
            await using var file = File.OpenRead(archive);
            // The SDK writes a plain tar (the layers inside are compressed); accept a gzipped one too.
            var magic = new byte[2];
            await file.ReadExactlyAsync(magic);
            file.Position = 0;
            Stream stream = magic is [0x1f, 0x8b] ? new GZipStream(file, CompressionMode.Decompress) : file;
            await using (stream)
            {
                await using var reader = new TarReader(stream);
                while (await reader.GetNextEntryAsync() is { } entry)
                {
                    await visit(entry);
                }
            }
        }

        private static async Task<byte[]> ReadAllAsync(TarEntry entry)
        {
            using var buffer = new MemoryStream();
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(buffer);
            }

            return buffer.ToArray();
        }
    }
}
