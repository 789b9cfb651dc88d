using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using GitActors.Models.Data.Readers;

namespace GitActors.Models.Tests.Data.Readers;

/// <summary>
/// Small files in the real formats whose headers claim far more than the file holds: each reader refuses with a
/// DataFormatException naming the file and saying the size does not fit, and allocates nothing near the claimed size.
/// </summary>
public sealed class HeaderSizeCapTests : IDisposable
{
    /// <summary>Far below every claimed size here (the smallest is hundreds of MB), far above what a refusal needs.</summary>
    private const long AllocationLimit = 16 << 20;

    private readonly DataFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void An_idx_header_claiming_2_to_the_31_images_in_a_100_byte_file_is_refused()
    {
        var bytes = new byte[100];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), int.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 28);
        var images = _files.Write("train-images-idx3-ubyte", bytes);
        var labels = _files.Write("train-labels-idx1-ubyte", DataFixtures.IdxLabels([0]));

        var error = RefusedWithin<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.Equal(images, error.FilePath);
        Assert.Equal(16, error.Offset);
        Assert.Contains("does not fit", error.Message);
    }

    [Fact]
    public void Idx_dimensions_whose_product_passes_2_to_the_63_do_not_wrap_round_to_a_size_that_fits()
    {
        var bytes = DataFixtures.IdxImages(new byte[8], 1, 1, 8);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), int.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), int.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), int.MaxValue);
        var images = _files.Write("images", bytes);
        var labels = _files.Write("labels", DataFixtures.IdxLabels([0]));

        var error = RefusedWithin<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.Equal(images, error.FilePath);
        Assert.Contains("does not fit", error.Message);
    }

    [Fact]
    public void A_gzip_trailer_claiming_4_GB_is_refused_before_a_buffer_is_sized_from_it()
    {
        var path = _files.Write("train-images-idx3-ubyte.gz", DataFixtures.IdxImages(new byte[16], 1, 4, 4), gzip: true);
        var gzip = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4), uint.MaxValue);
        File.WriteAllBytes(path, gzip);
        var labels = _files.Write("labels", DataFixtures.IdxLabels([0]));

        var error = RefusedWithin<DataFormatException>(() => IdxReader.Read(path, labels));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("gzip size trailer", error.Message);
        Assert.Contains($"{uint.MaxValue} bytes, a size that does not fit", error.Message);
    }

    [Fact]
    public void A_multi_member_gzip_whose_last_trailer_counts_only_itself_still_reads_every_byte()
    {
        // The trailer sizes only the last member, so the buffer it sizes must grow to take the members before it.
        var pixels = DataFixtures.PatternPixels(300, 16);
        var idx = DataFixtures.IdxImages(pixels, 300, 4, 4);
        var first = File.ReadAllBytes(_files.Write("first.gz", idx[..4000], gzip: true));
        var last = File.ReadAllBytes(_files.Write("last.gz", idx[4000..], gzip: true));
        var path = _files.Write("images.gz", [.. first, .. last]);
        var labels = _files.Write("labels", DataFixtures.IdxLabels(new int[300]));

        Assert.Equal(pixels, IdxReader.Read(path, labels).Pixels);
    }

    [Fact]
    public void An_npy_shape_of_100000_by_100000_in_a_small_npz_is_refused()
    {
        var images = _files.WriteNpz("k49-train-imgs.npz", DataFixtures.Npy("|u1", [100_000, 100_000], new byte[64]));
        var labels = _files.WriteNpz("k49-train-labels.npz", DataFixtures.Npy("<i8", [1], new byte[8]));

        var error = RefusedWithin<DataFormatException>(() => NpzReader.Read(images, labels));

        Assert.Equal($"{images}!arr_0.npy", error.FilePath);
        Assert.Contains("100000 x 100000 x 1 bytes", error.Message);
        Assert.Contains("does not fit", error.Message);
    }

    [Theory]
    [InlineData("(-1, 28, 28)")]
    [InlineData("(99999999999, 28)")]
    [InlineData("(2.5,)")]
    public void An_npy_shape_that_is_not_a_count_is_a_format_error(string shape)
    {
        var images = _files.WriteNpz("imgs.npz", DataFixtures.Npy("|u1", [1, 28, 28], new byte[784], shapeText: shape));
        var labels = _files.WriteNpz("labels.npz", DataFixtures.Npy("<i8", [1], new byte[8]));

        var error = RefusedWithin<DataFormatException>(() => NpzReader.Read(images, labels));

        Assert.Equal($"{images}!arr_0.npy", error.FilePath);
    }

    [Fact]
    public void A_zip_entry_claiming_2_GB_uncompressed_is_refused_before_it_is_allocated()
    {
        var images = _files.WriteNpz("k49-train-imgs.npz", DataFixtures.Npy("|u1", [1, 4, 4], new byte[16]));
        var zip = File.ReadAllBytes(images);
        var central = zip.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x50, 0x4b, 0x01, 0x02]); // the central directory's entry for arr_0.npy
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 24), 0x7FFF_FFF0);
        File.WriteAllBytes(images, zip);
        var labels = _files.WriteNpz("k49-train-labels.npz", DataFixtures.Npy("<i8", [1], new byte[8]));

        var error = RefusedWithin<DataFormatException>(() => NpzReader.Read(images, labels));

        Assert.StartsWith(images, error.FilePath);
        Assert.Contains($"{0x7FFF_FFF0} bytes, a size that does not fit", error.Message);
    }

    [Fact]
    public void A_ppm_header_claiming_2_to_the_31_squared_pixels_is_refused()
    {
        var path = _files.Write("00000.ppm", [.. Encoding.ASCII.GetBytes($"P6\n{int.MaxValue} {int.MaxValue}\n255\n"), .. new byte[30]]);

        var error = RefusedWithin<DataFormatException>(() => PpmImage.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("does not fit", error.Message);
    }

    /// <summary>The exception <paramref name="read"/> throws, asserting this thread allocated well under the claimed size meanwhile.</summary>
    internal static T RefusedWithin<T>(Action read) where T : Exception
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<T>(read);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationLimit, $"refusing took {allocated} bytes of allocation: {error.Message}");
        return error;
    }
}
