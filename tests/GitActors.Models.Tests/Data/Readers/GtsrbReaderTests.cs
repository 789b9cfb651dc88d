using GitActors.Models.Data.Readers;

namespace GitActors.Models.Tests.Data.Readers;

public sealed class GtsrbReaderTests : IDisposable
{
    private readonly DataFixtures _files = new();

    public void Dispose() => _files.Dispose();

    private const string Header = "Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId";

    /// <summary>A w x h image, solid (r, g, b) inside [x1, x2) x [y1, y2) and black outside.</summary>
    private static byte[] Boxed(int w, int h, int x1, int y1, int x2, int y2, byte r, byte g, byte b)
    {
        var rgb = new byte[w * h * 3];
        for (var y = y1; y < y2; y++)
            for (var x = x1; x < x2; x++)
                (rgb[(y * w + x) * 3], rgb[(y * w + x) * 3 + 1], rgb[(y * w + x) * 3 + 2]) = (r, g, b);
        return rgb;
    }

    private string TrainingLayout()
    {
        var root = Path.Combine(_files.Root, "Final_Training", "Images");
        _files.WritePpm("Final_Training/Images/00000/00000_00000.ppm", 40, 36, Boxed(40, 36, 5, 4, 35, 32, 200, 100, 50));
        _files.Write("Final_Training/Images/00000/GT-00000.csv",
            System.Text.Encoding.ASCII.GetBytes($"{Header}\r\n00000_00000.ppm;40;36;5;4;35;32;0\r\n"));
        _files.WritePpm("Final_Training/Images/00002/00000_00000.ppm", 8, 8, Boxed(8, 8, 0, 0, 8, 8, 9, 9, 9));
        _files.WritePpm("Final_Training/Images/00002/00000_00001.ppm", 8, 8, Boxed(8, 8, 0, 0, 8, 8, 7, 7, 7));
        _files.Write("Final_Training/Images/00002/GT-00002.csv",
            System.Text.Encoding.ASCII.GetBytes($"{Header}\n00000_00000.ppm;8;8;0;0;8;8;2\n00000_00001.ppm;8;8;0;0;8;8;2\n"));
        return root;
    }

    [Fact]
    public void CropsToTheRoiAndResizesTo32()
    {
        var set = GtsrbReader.Read(TrainingLayout());

        Assert.Equal(new ImageShape(3, 32, 32), set.Shape);
        Assert.Equal([0, 2, 2], set.Labels);
        Assert.Equal(3, set.ClassCount);
        var first = set.Image(0);
        // The ROI is exactly the coloured box, so every output pixel is the box colour, planes R, G, B.
        Assert.All(first[..1024].ToArray(), v => Assert.Equal(200, v));
        Assert.All(first[1024..2048].ToArray(), v => Assert.Equal(100, v));
        Assert.All(first[2048..].ToArray(), v => Assert.Equal(50, v));
        Assert.Equal(7, set.Image(2)[500]);
    }

    [Fact]
    public void WithoutCropTheBlackBorderSurvives()
    {
        var set = GtsrbReader.Read(TrainingLayout(), new GtsrbOptions(CropToRoi: false));

        Assert.Equal(0, set.Image(0)[0]);          // top-left corner is outside the box
        Assert.Equal(200, set.Image(0)[16 * 32 + 16]); // the centre is inside
    }

    [Fact]
    public void FacadeFindsTheFinalTestFolderBesideTraining()
    {
        var root = TrainingLayout();
        _files.WritePpm("Final_Test/Images/00000.ppm", 4, 4, Boxed(4, 4, 0, 0, 4, 4, 1, 2, 3));
        _files.Write("Final_Test/Images/GT-final_test.csv",
            System.Text.Encoding.ASCII.GetBytes($"{Header}\n00000.ppm;4;4;0;0;4;4;2\n"));

        var splits = DatasetReader.Read("gtsrb", root);

        Assert.Equal(3, splits.Train.Count);
        Assert.Equal([2], splits.Test!.Labels);
        Assert.Equal(3, splits.Test.ClassCount);
    }

    [Fact]
    public void TruncatedPpmNamesFileAndRasterOffset()
    {
        var root = TrainingLayout();
        var ppm = Path.Combine(root, "00002", "00000_00001.ppm");
        var bytes = File.ReadAllBytes(ppm);
        File.WriteAllBytes(ppm, bytes[..^10]);
        var headerLength = "P6\n# written by a test\n8 8\n255\n".Length;

        var error = Assert.Throws<DataFormatException>(() => GtsrbReader.Read(root));

        Assert.Equal(ppm, error.FilePath);
        Assert.Equal(headerLength, error.Offset);
    }

    [Fact]
    public void NotAP6FileIsRejected()
    {
        var root = TrainingLayout();
        var ppm = Path.Combine(root, "00000", "00000_00000.ppm");
        File.WriteAllText(ppm, "P3\n1 1\n255\n0 0 0\n");

        var error = Assert.Throws<DataFormatException>(() => GtsrbReader.Read(root));

        Assert.Equal(ppm, error.FilePath);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void ClassIdDisagreeingWithFolderIsRejected()
    {
        var root = TrainingLayout();
        var csv = Path.Combine(root, "00000", "GT-00000.csv");
        File.WriteAllText(csv, $"{Header}\n00000_00000.ppm;40;36;5;4;35;32;7\n");

        var error = Assert.Throws<DataFormatException>(() => GtsrbReader.Read(root));

        Assert.Equal(csv, error.FilePath);
        Assert.Equal(Header.Length + 1, error.Offset);
    }
}
