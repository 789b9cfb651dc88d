using System.IO.Compression;
using GitActors.Models.Data.Readers;

namespace GitActors.Models.Tests.Data.Readers;

public sealed class NpzReaderTests : IDisposable
{
    private readonly DataFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(CompressionLevel.Optimal, 1)]
    [InlineData(CompressionLevel.NoCompression, 2)]
    public void ReadsK49StyleArchives(CompressionLevel level, int version)
    {
        var pixels = DataFixtures.PatternPixels(3, 4 * 4);
        long[] labels = [48, 0, 7];
        var labelBytes = labels.SelectMany(BitConverter.GetBytes).ToArray();
        _files.WriteNpz("k49-train-imgs.npz", DataFixtures.Npy("|u1", [3, 4, 4], pixels, version), level);
        _files.WriteNpz("k49-train-labels.npz", DataFixtures.Npy("<i8", [3], labelBytes, version), level);

        var set = DatasetReader.ReadTrain("npz", _files.Root);

        Assert.Equal(new ImageShape(1, 4, 4), set.Shape);
        Assert.Equal(pixels, set.Pixels);
        Assert.Equal([48, 0, 7], set.Labels);
        Assert.Equal(49, set.ClassCount);
        Assert.Null(DatasetReader.ReadTest("npz", _files.Root));
    }

    [Fact]
    public void ChannelsLastImagesBecomeChannelFirst()
    {
        byte[] hwc = [1, 2, 3, 4, 5, 6]; // one 1x2 image, 3 channels: pixel 0 = (1,2,3), pixel 1 = (4,5,6)
        var images = _files.WriteNpz("imgs.npz", DataFixtures.Npy("|u1", [1, 1, 2, 3], hwc));
        var labels = _files.WriteNpz("labels.npz", DataFixtures.Npy("<i4", [1], BitConverter.GetBytes(0)));

        var set = NpzReader.Read(images, labels);

        Assert.Equal(new ImageShape(3, 1, 2), set.Shape);
        Assert.Equal([1, 4, 2, 5, 3, 6], set.Pixels);
    }

    [Fact]
    public void WrongNpyMagicNamesMemberAndOffset()
    {
        var npy = DataFixtures.Npy("|u1", [1, 2, 2], new byte[4]);
        npy[1] = (byte)'X';
        var images = _files.WriteNpz("imgs.npz", npy);
        var labels = _files.WriteNpz("labels.npz", DataFixtures.Npy("|u1", [1], [0]));

        var error = Assert.Throws<DataFormatException>(() => NpzReader.Read(images, labels));

        Assert.Equal(images + "!arr_0.npy", error.FilePath);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void TruncatedArrayDataReportsWhereDataStarts()
    {
        var npy = DataFixtures.Npy("|u1", [2, 2, 2], new byte[8]);
        var images = _files.WriteNpz("imgs.npz", npy[..^3]);
        var labels = _files.WriteNpz("labels.npz", DataFixtures.Npy("|u1", [2], [0, 1]));

        var error = Assert.Throws<DataFormatException>(() => NpzReader.Read(images, labels));

        Assert.Equal(images + "!arr_0.npy", error.FilePath);
        Assert.Equal(npy.Length - 8, error.Offset); // where the 8 data bytes should start
    }

    [Fact]
    public void NotAZipIsAFormatError()
    {
        var path = _files.Write("imgs.npz", [1, 2, 3, 4]);
        var labels = _files.WriteNpz("labels.npz", DataFixtures.Npy("|u1", [1], [0]));

        var error = Assert.Throws<DataFormatException>(() => NpzReader.Read(path, labels));

        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void FloatImagesAreRejected()
    {
        var images = _files.WriteNpz("imgs.npz", DataFixtures.Npy("<f4", [1, 1, 1], new byte[4]));
        var labels = _files.WriteNpz("labels.npz", DataFixtures.Npy("|u1", [1], [0]));

        var error = Assert.Throws<DataFormatException>(() => NpzReader.Read(images, labels));

        Assert.Contains("'<f4'", error.Found);
    }
}
