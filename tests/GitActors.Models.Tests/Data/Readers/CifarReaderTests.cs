using GitActors.Models.Data.Readers;

namespace GitActors.Models.Tests.Data.Readers;

public sealed class CifarReaderTests : IDisposable
{
    private readonly DataFixtures _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>One record: label bytes then 3072 pixels where R plane = seed, G plane = seed + 1, B plane = seed + 2.</summary>
    private static byte[] Record(byte[] labelBytes, byte seed) =>
        [.. labelBytes, .. Enumerable.Repeat(seed, 1024), .. Enumerable.Repeat((byte)(seed + 1), 1024), .. Enumerable.Repeat((byte)(seed + 2), 1024)];

    [Fact]
    public void Cifar10ReadsEveryBatchInOrder()
    {
        _files.Write("data_batch_1.bin", [.. Record([3], 10), .. Record([9], 20)]);
        _files.Write("data_batch_2.bin", Record([0], 30));
        _files.Write("test_batch.bin", Record([5], 40));

        var splits = DatasetReader.Read("cifar", _files.Root);

        Assert.Equal([3, 9, 0], splits.Train.Labels);
        Assert.Equal(10, splits.Train.ClassCount);
        Assert.Equal(new ImageShape(3, 32, 32), splits.Train.Shape);
        var second = splits.Train.Image(1);
        Assert.Equal(20, second[0]);      // R plane first
        Assert.Equal(21, second[1024]);   // then G
        Assert.Equal(22, second[3071]);   // then B
        Assert.Equal([5], splits.Test!.Labels);
    }

    [Fact]
    public void Cifar100UsesTheFineLabel()
    {
        _files.Write("train.bin", [.. Record([4, 87], 1), .. Record([19, 2], 2)]);
        _files.Write("test.bin", Record([0, 99], 3));

        var splits = DatasetReader.Read("cifar", _files.Root);

        Assert.Equal([87, 2], splits.Train.Labels);
        Assert.Equal(100, splits.Train.ClassCount);
        Assert.Equal(2, splits.Train.Image(1)[0]);
        Assert.Equal([99], splits.Test!.Labels);
    }

    [Fact]
    public void SizeNotAMultipleOfTheRecordNamesFileAndOffset()
    {
        var path = _files.Write("data_batch_1.bin", [.. Record([1], 0), .. Record([2], 0)[..100]]);

        var error = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([path]));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(3073, error.Offset);
    }

    [Fact]
    public void Cifar10LabelAboveNineIsRejected()
    {
        var path = _files.Write("data_batch_1.bin", [.. Record([1], 0), .. Record([12], 0)]);

        var error = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([path]));

        Assert.Equal(3073, error.Offset);
    }
}
