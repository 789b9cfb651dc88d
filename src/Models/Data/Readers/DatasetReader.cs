namespace GitActors.Models.Data.Readers;

/// <summary>The on-disk formats a user can point GitActors at.</summary>
public enum DataFormat { Idx, Npz, Cifar, Gtsrb }

/// <summary>A dataset's training images and, where the files hold one, its test images (same class count).</summary>
public sealed record DatasetSplits(ImageSet Train, ImageSet? Test);

/// <summary>
/// Reads a dataset folder by format name. Path conventions:
/// <list type="bullet">
/// <item><c>idx</c>: a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
/// t10k-labels-idx1-ubyte, each raw or with a .gz suffix (Fashion-MNIST, MNIST, KMNIST).</item>
/// <item><c>npz</c>: a folder with PREFIX-train-imgs.npz, PREFIX-train-labels.npz, PREFIX-test-imgs.npz,
/// PREFIX-test-labels.npz (K49: k49-train-imgs.npz ...).</item>
/// <item><c>cifar</c>: a folder of binary batches: data_batch_1..5.bin + test_batch.bin (CIFAR-10) or train.bin + test.bin
/// (CIFAR-100, fine labels); or its parent holding cifar-10-batches-bin/ or cifar-100-binary/.</item>
/// <item><c>gtsrb</c>: the Final_Training/Images folder (NNNNN/ class folders). Test: <c>testPath</c>, or else
/// ../../Final_Test/Images beside it when present, a flat folder whose GT-*.csv has a ClassId column.</item>
/// </list>
/// </summary>
public static class DatasetReader
{
    public static IReadOnlyList<string> FormatNames { get; } = ["idx", "npz", "cifar", "gtsrb"];

    public static DataFormat ParseFormat(string name) => name.Trim().ToLowerInvariant() switch
    {
        "idx" => DataFormat.Idx,
        "npz" => DataFormat.Npz,
        "cifar" => DataFormat.Cifar,
        "gtsrb" => DataFormat.Gtsrb,
        _ => throw new ArgumentException($"unknown data format '{name}'; expected one of: {string.Join(", ", FormatNames)}"),
    };

    /// <summary>Both splits, the test split null where the folder has none; class counts made equal.</summary>
    public static DatasetSplits Read(string format, string path, string? testPath = null, GtsrbOptions? gtsrb = null)
    {
        ImageSet? train = null, test = null;
        try
        {
            Parallel.Invoke(() => train = ReadTrain(format, path, gtsrb), () => test = ReadTest(format, path, testPath, gtsrb));
        }
        catch (AggregateException e)
        {
            // Surface the reader's own exception (a DataFormatException naming the file), not the parallel wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        if (train is null) throw new InvalidOperationException("the train split was not read");
        if (test is null || test.ClassCount == train.ClassCount) return new DatasetSplits(train, test);
        var classes = Math.Max(train.ClassCount, test.ClassCount);
        return new DatasetSplits(WithClassCount(train, classes), WithClassCount(test, classes));
    }

    public static ImageSet ReadTrain(string format, string path, GtsrbOptions? gtsrb = null)
    {
        RequireFolder(path);
        return ParseFormat(format) switch
        {
            DataFormat.Idx => IdxReader.Read(IdxFile(path, "train-images-idx3-ubyte", true)!, IdxFile(path, "train-labels-idx1-ubyte", true)!),
            DataFormat.Npz => NpzReader.Read(NpzFile(path, "train-imgs", true)!, NpzFile(path, "train-labels", true)!),
            DataFormat.Cifar => ReadCifar(CifarFolder(path), train: true)!,
            DataFormat.Gtsrb => GtsrbReader.Read(path, gtsrb),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>The test split, or null when the folder holds none.</summary>
    public static ImageSet? ReadTest(string format, string path, string? testPath = null, GtsrbOptions? gtsrb = null)
    {
        RequireFolder(path);
        switch (ParseFormat(format))
        {
            case DataFormat.Idx:
                var images = IdxFile(path, "t10k-images-idx3-ubyte", false);
                var labels = IdxFile(path, "t10k-labels-idx1-ubyte", false);
                return images is null || labels is null ? null : IdxReader.Read(images, labels);
            case DataFormat.Npz:
                var npzImages = NpzFile(path, "test-imgs", false);
                var npzLabels = NpzFile(path, "test-labels", false);
                return npzImages is null || npzLabels is null ? null : NpzReader.Read(npzImages, npzLabels);
            case DataFormat.Cifar:
                return ReadCifar(CifarFolder(path), train: false);
            case DataFormat.Gtsrb:
                var folder = testPath ?? Path.GetFullPath(Path.Combine(path, "..", "..", "Final_Test", "Images"));
                if (testPath is null && !Directory.Exists(folder)) return null;
                return GtsrbReader.Read(folder, gtsrb);
            default:
                throw new InvalidOperationException();
        }
    }

    private static ImageSet WithClassCount(ImageSet set, int classes) => new(set.Pixels, set.Labels, set.Shape, classes);

    private static void RequireFolder(string path)
    {
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"data folder not found: {path}");
    }

    private static string? IdxFile(string folder, string name, bool required)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
            if (File.Exists(Path.Combine(folder, candidate))) return Path.Combine(folder, candidate);
        return required ? throw new FileNotFoundException($"{folder} has neither {name} nor {name}.gz") : null;
    }

    private static string? NpzFile(string folder, string suffix, bool required)
    {
        var matches = Directory.GetFiles(folder, $"*-{suffix}.npz");
        return matches.Length switch
        {
            1 => matches[0],
            0 when !required => null,
            0 => throw new FileNotFoundException($"{folder} has no *-{suffix}.npz (K49: k49-{suffix}.npz)"),
            _ => throw new ArgumentException($"{folder} has several *-{suffix}.npz files: {string.Join(", ", matches.Select(Path.GetFileName))}"),
        };
    }

    private static string CifarFolder(string path)
    {
        foreach (var sub in new[] { "cifar-10-batches-bin", "cifar-100-binary" })
            if (Directory.Exists(Path.Combine(path, sub))) return Path.Combine(path, sub);
        return path;
    }

    private static ImageSet? ReadCifar(string folder, bool train)
    {
        var batches = Directory.GetFiles(folder, "data_batch_*.bin").Order(StringComparer.Ordinal).ToArray();
        if (batches.Length > 0)
        {
            var test = Path.Combine(folder, "test_batch.bin");
            return train ? CifarReader.ReadCifar10(batches) : File.Exists(test) ? CifarReader.ReadCifar10([test]) : null;
        }
        var file = Path.Combine(folder, train ? "train.bin" : "test.bin");
        if (File.Exists(file)) return CifarReader.ReadCifar100([file]);
        return train ? throw new FileNotFoundException($"{folder} has neither data_batch_*.bin (CIFAR-10) nor train.bin (CIFAR-100)") : null;
    }
}
