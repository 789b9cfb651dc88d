using GitActors.Models.Storage;
using GitActors.Models.Training.Bank;

namespace GitActors.Models.Tests.Training.Bank;

public sealed class AugmentationBankTests : IDisposable
{
    private static readonly ImageShape Shape = new(1, 4, 5);
    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-bank-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_bank_file_round_trips_its_header_and_every_sample()
    {
        var header = BankFixture.Header(Shape, [2, 0, 3, 1]);
        var path = Path.Combine(_folder, "b.bank");
        var sha = AtomicFile.Write(path, stream => AugmentationBank.Write(stream, header, BankFixture.Pixels(header)));

        var bank = AugmentationBank.Load(path, sha);

        Assert.Equal((Shape, 3, 11L, BankFixture.GeneratorSha), (bank.Shape, bank.Header.MaxStyles, bank.Header.Seed, bank.Header.GeneratorSha256));
        Assert.Equal([2, 0, 3, 1], bank.Header.StylesPerImage);
        Assert.Equal(6, bank.Header.SampleCount());
        for (var image = 0; image < 4; image++)
            for (var style = 0; style < bank.StylesOf(image); style++)
            {
                var sample = bank.Sample(image, style);
                Assert.Equal((image, style), BankFixture.Decode(sample));
                Assert.Equal(BankFixture.Fill(style), sample[^1]);
            }
        Assert.Throws<ArgumentOutOfRangeException>(() => bank.Sample(1, 0));
    }

    [Fact]
    public void A_flipped_byte_is_rejected_with_an_error_naming_the_file()
    {
        var header = BankFixture.Header(Shape, [1, 2]);
        var path = Path.Combine(_folder, "flipped.bank");
        var sha = AtomicFile.Write(path, stream => AugmentationBank.Write(stream, header, BankFixture.Pixels(header)));
        var bytes = File.ReadAllBytes(path);
        bytes[^7] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => AugmentationBank.Load(path, sha));

        Assert.Contains(path, error.Message);
        Assert.Contains("augmentation bank", error.Message);
        Assert.Contains(sha, error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var path = Path.Combine(_folder, "gone.bank");

        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => AugmentationBank.Load(path, new string('0', 64))).Message);
    }

    [Fact]
    public void Inconsistent_contents_are_rejected_even_when_the_hash_was_taken_of_them()
    {
        var header = BankFixture.Header(Shape, [1, 2]);
        var bytes = BankFixture.FileBytes(header);

        Assert.Contains("pixel bytes", Assert.Throws<InvalidDataException>(() => AugmentationBank.Parse(bytes[..^1], "short.bank")).Message);
        Assert.Contains("GITBANK1", Assert.Throws<InvalidDataException>(() => AugmentationBank.Parse([.. "NOTABANK"u8, .. bytes[8..]], "x.bank")).Message);
        Assert.Throws<ArgumentException>(() => AugmentationBank.Write(new MemoryStream(), header, new byte[5]));
        Assert.Throws<ArgumentException>(() => AugmentationBank.Write(new MemoryStream(), header with { GeneratorSha256 = "abc" }, BankFixture.Pixels(header)));
    }
}
