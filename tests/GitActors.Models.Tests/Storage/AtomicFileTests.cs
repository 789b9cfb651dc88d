using System.Security.Cryptography;
using GitActors.Models.Storage;

namespace GitActors.Models.Tests.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gitactors-atomic-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Action<Stream> Bytes(byte[] content) => s => s.Write(content);

    [Fact]
    public void Write_creates_the_folder_returns_the_sha256_of_the_bytes_and_leaves_no_temporary_file()
    {
        var content = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        var path = Path.Combine(_root, "a", "b", "file.bin");

        var sha = AtomicFile.Write(path, Bytes(content));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), sha);
        Assert.Equal(sha, AtomicFile.Sha256Of(path));
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_writer_that_fails_midway_leaves_the_previous_file_intact_and_no_temporary_file()
    {
        var path = Path.Combine(_root, "file.bin");
        AtomicFile.Write(path, Bytes([1, 2, 3, 4]));

        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9]);
            throw new IOException("disk full");
        }));

        Assert.Equal([1, 2, 3, 4], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_root));
    }

    [Fact]
    public void A_second_write_replaces_the_file_whole()
    {
        var path = Path.Combine(_root, "file.bin");
        AtomicFile.Write(path, Bytes(new byte[1000]));

        var sha = AtomicFile.Write(path, Bytes([5, 6]));

        Assert.Equal([5, 6], File.ReadAllBytes(path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[] { 5, 6 })), sha);
    }
}
