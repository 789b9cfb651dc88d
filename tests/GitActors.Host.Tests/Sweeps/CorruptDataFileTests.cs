using System.IO.Compression;

namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// The README's promise for bad input, read literally, once per data reader through a real `gitactors data inspect`
/// process: a corrupt file ends the command with exactly one line on stderr, which names that file and the problem,
/// and exit code 2. Each folder holds only the training files, the corrupt one read first, so which file is named is fixed.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class CorruptDataFileTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("idx", "train-images-idx3-ubyte", "expected IDX image magic 0x00000803")]
    [InlineData("npz", "k49-train-imgs.npz", "expected a readable zip (.npz) archive")]
    [InlineData("cifar", "data_batch_1.bin", "expected whole 3073-byte records")]
    [InlineData("gtsrb", "00000/00000_00000.ppm", "expected a positive width")]
    public async Task A_corrupt_file_ends_with_one_stderr_line_naming_it_and_exit_code_2(string format, string corrupt, string problem)
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, format);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, corrupt);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        switch (format)
        {
            case "idx":
                await File.WriteAllTextAsync(file, "not an idx file\n");
                // A well-formed label file beside it: the images are the only problem.
                await File.WriteAllBytesAsync(Path.Combine(folder, "train-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 2, 0, 1]);
                break;
            case "npz":
                await File.WriteAllTextAsync(file, "not a zip archive\n");
                await File.WriteAllTextAsync(Path.Combine(folder, "k49-train-labels.npz"), "not a zip archive either\n");
                break;
            case "cifar":
                await File.WriteAllBytesAsync(file, new byte[3000]);   // not a whole number of 3073-byte records
                break;
            case "gtsrb":
                await File.WriteAllTextAsync(Path.Combine(folder, "00000", "GT-00000.csv"),
                    "Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n00000_00000.ppm;30;30;1;1;29;29;0\n");
                await File.WriteAllTextAsync(file, "P6 garbage\n");
                break;
        }

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Limit, "data", "inspect", "--format", format, "--path", folder);

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        BadInput.AssertOneLineNaming(stderr, file, problem);
    }

    /// <summary>Headers that claim more than their small file holds: refused as above, before anything is sized from them.</summary>
    [Theory]
    [InlineData("idx", "train-images-idx3-ubyte.gz", "found 4294967295 bytes, a size that does not fit")]
    [InlineData("npz", "k49-train-imgs.npz", "100000 x 100000 x 1 bytes of array data")]
    public async Task A_header_claiming_more_than_the_file_holds_ends_with_one_stderr_line_naming_it_and_exit_code_2(
        string format, string lying, string problem)
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, format);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, lying);
        switch (format)
        {
            case "idx":
                // One 1x1 image, gzipped, its ISIZE trailer then claiming 4 GB.
                using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest))
                    gzip.Write([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7]);
                var bytes = await File.ReadAllBytesAsync(file);
                bytes.AsSpan(bytes.Length - 4).Fill(0xFF);
                await File.WriteAllBytesAsync(file, bytes);
                await File.WriteAllBytesAsync(Path.Combine(folder, "train-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 0]);
                break;
            case "npz":
                WriteNpz(file, "{'descr': '|u1', 'fortran_order': False, 'shape': (100000, 100000), }", new byte[64]);
                WriteNpz(Path.Combine(folder, "k49-train-labels.npz"), "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", [0]);
                break;
        }

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Limit, "data", "inspect", "--format", format, "--path", folder);

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        BadInput.AssertOneLineNaming(stderr, file, problem);
    }

    /// <summary>A K49-style .npz: one stored member arr_0.npy, a version-1 header padded to 64 bytes, then the data.</summary>
    private static void WriteNpz(string path, string dict, byte[] data)
    {
        var header = dict.PadRight(64 - 10 - 1) + "\n";
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        using var member = zip.CreateEntry("arr_0.npy", CompressionLevel.NoCompression).Open();
        member.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0]);
        member.Write(System.Text.Encoding.ASCII.GetBytes(header));
        member.Write(data);
    }
}

/// <summary>The README's bad-input contract: exactly one line on stderr, "error: FILE...: PROBLEM".</summary>
internal static class BadInput
{
    public static void AssertOneLineNaming(string stderr, string file, string problem)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith($"error: {file}", line);
        Assert.Contains(problem, line);
    }
}
