using GitActors.Models.Data.Readers;

namespace GitActors.Models.Tests.Data.Readers;

public sealed class IdxReaderTests : IDisposable
{
    private readonly DataFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndLabelsRawOrGzipped(bool gzip)
    {
        var pixels = DataFixtures.PatternPixels(5, 3 * 4);
        int[] labels = [0, 3, 1, 3, 2];
        var images = _files.Write("i-idx3-ubyte", DataFixtures.IdxImages(pixels, 5, 3, 4), gzip);
        var labelFile = _files.Write("l-idx1-ubyte", DataFixtures.IdxLabels(labels), gzip);

        var set = IdxReader.Read(images, labelFile);

        Assert.Equal(new ImageShape(1, 3, 4), set.Shape);
        Assert.Equal(pixels, set.Pixels);
        Assert.Equal(labels, set.Labels);
        Assert.Equal(4, set.ClassCount);
    }

    [Fact]
    public void FacadeFindsGzippedTrainAndTestFiles()
    {
        _files.Write("train-images-idx3-ubyte.gz", DataFixtures.IdxImages(DataFixtures.PatternPixels(4, 4), 4, 2, 2), gzip: true);
        _files.Write("train-labels-idx1-ubyte.gz", DataFixtures.IdxLabels([0, 1, 2, 1]), gzip: true);
        _files.Write("t10k-images-idx3-ubyte", DataFixtures.IdxImages(DataFixtures.PatternPixels(2, 4), 2, 2, 2));
        _files.Write("t10k-labels-idx1-ubyte", DataFixtures.IdxLabels([3, 0]));

        var splits = DatasetReader.Read("idx", _files.Root);

        Assert.Equal(4, splits.Train.Count);
        Assert.Equal(2, splits.Test!.Count);
        Assert.Equal(4, splits.Train.ClassCount); // train labels stop at 2; the test's label 3 widens both
        Assert.Equal(4, splits.Test.ClassCount);
    }

    [Fact]
    public void WrongMagicNamesFileAndOffsetZero()
    {
        var bytes = DataFixtures.IdxImages(DataFixtures.PatternPixels(2, 4), 2, 2, 2);
        bytes[3] = 0x01; // label magic where image magic belongs
        var images = _files.Write("bad-images", bytes);
        var labels = _files.Write("labels", DataFixtures.IdxLabels([0, 1]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.Equal(images, error.FilePath);
        Assert.Equal(0, error.Offset);
        Assert.Contains("0x00000801", error.Found);
    }

    [Fact]
    public void TruncatedPixelsReportTheOffsetWherePixelsStart()
    {
        var bytes = DataFixtures.IdxImages(DataFixtures.PatternPixels(3, 4), 3, 2, 2);
        var images = _files.Write("short-images.gz", bytes[..^5], gzip: true);
        var labels = _files.Write("labels", DataFixtures.IdxLabels([0, 1, 2]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.Equal(images, error.FilePath);
        Assert.Equal(16, error.Offset);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void LabelCountMustMatchImageCount()
    {
        var images = _files.Write("images", DataFixtures.IdxImages(DataFixtures.PatternPixels(3, 4), 3, 2, 2));
        var labels = _files.Write("labels", DataFixtures.IdxLabels([0, 1]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.Equal(labels, error.FilePath);
        Assert.Equal(4, error.Offset);
    }
}
