using System.Globalization;
using System.Text;

namespace GitActors.Models.Data.Readers;

/// <param name="Size">Output side length (the paper resizes to 32x32).</param>
/// <param name="CropToRoi">Crop to the annotated sign box before resizing, as common GTSRB loaders do.</param>
public sealed record GtsrbOptions(int Size = 32, bool CropToRoi = true);

/// <summary>
/// GTSRB as distributed: the training layout root/NNNNN/GT-NNNNN.csv + .ppm files (class id = folder number), or a flat
/// folder (the labelled Final_Test/Images) whose single GT-*.csv carries a ClassId column. CSVs are semicolon separated:
/// Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2[;ClassId]. Roi.X2/Y2 are treated as exclusive ends (PIL crop boxes).
/// </summary>
public static class GtsrbReader
{
    public static ImageSet Read(string root, GtsrbOptions? options = null, int? classCount = null)
    {
        options ??= new GtsrbOptions();
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"GTSRB folder not found: {root}");
        var entries = new List<Entry>();
        var classFolders = Directory.GetDirectories(root)
            .Select(d => (Dir: d, Name: Path.GetFileName(d)))
            .Where(d => d.Name.Length > 0 && d.Name.All(char.IsAsciiDigit))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        if (classFolders.Count > 0)
            foreach (var (dir, name) in classFolders)
                entries.AddRange(ReadCsv(Path.Combine(dir, $"GT-{name}.csv"), dir, int.Parse(name, CultureInfo.InvariantCulture)));
        else
        {
            var csv = Directory.GetFiles(root, "GT-*.csv").SingleOrDefault()
                ?? throw new DataFormatException(root, 0, "class folders NNNNN/ or one GT-*.csv with a ClassId column", "neither");
            entries.AddRange(ReadCsv(csv, root, folderClass: null));
        }

        var shape = new ImageShape(3, options.Size, options.Size);
        var pixels = new byte[(long)entries.Count * shape.PixelCount];
        try
        {
            Parallel.For(0, entries.Count, i => ReadInto(entries[i], options, pixels.AsSpan(i * shape.PixelCount, shape.PixelCount)));
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is DataFormatException or IOException)
        {
            // Report the first bad file as itself, not wrapped by the parallel loop.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        var labels = entries.Select(e => e.ClassId).ToArray();
        return new ImageSet(pixels, labels, shape, classCount ?? (labels.Length == 0 ? 0 : labels.Max() + 1));
    }

    private static void ReadInto(Entry entry, GtsrbOptions options, Span<byte> destination)
    {
        var image = PpmImage.Read(entry.Path);
        var (x0, y0, w, h) = options.CropToRoi ? ClampRoi(entry, image) : (0, 0, image.Width, image.Height);
        BilinearResize.InterleavedToChannelFirst(image.Rgb, image.Width, x0, y0, w, h, destination, options.Size, options.Size, 3);
    }

    private static (int X, int Y, int Width, int Height) ClampRoi(Entry entry, PpmImage image)
    {
        var x1 = Math.Clamp(entry.X1, 0, image.Width - 1);
        var y1 = Math.Clamp(entry.Y1, 0, image.Height - 1);
        var x2 = Math.Clamp(entry.X2, x1 + 1, image.Width);
        var y2 = Math.Clamp(entry.Y2, y1 + 1, image.Height);
        return (x1, y1, x2 - x1, y2 - y1);
    }

    private static IEnumerable<Entry> ReadCsv(string csvPath, string folder, int? folderClass)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"GTSRB annotation file not found: {csvPath}", csvPath);
        var bytes = File.ReadAllBytes(csvPath);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        var header = lines[0].TrimEnd('\r').Split(';');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i
            : throw new DataFormatException(csvPath, 0, $"a header column {name}", lines[0].TrimEnd('\r'));
        var (file, x1, y1, x2, y2) = (Column("Filename"), Column("Roi.X1"), Column("Roi.Y1"), Column("Roi.X2"), Column("Roi.Y2"));
        var classColumn = Array.IndexOf(header, "ClassId");
        if (folderClass is null && classColumn < 0) Column("ClassId");

        long offset = Encoding.UTF8.GetByteCount(lines[0]) + 1;
        var result = new List<Entry>();
        for (var n = 1; n < lines.Length; offset += Encoding.UTF8.GetByteCount(lines[n]) + 1, n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Length == 0) continue;
            var fields = line.Split(';');
            int Field(int column) =>
                column < fields.Length && int.TryParse(fields[column], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new DataFormatException(csvPath, offset, $"an integer {header[column]} on line {n + 1}", $"'{line}'");
            if (file >= fields.Length) throw new DataFormatException(csvPath, offset, $"{header.Length} fields on line {n + 1}", $"'{line}'");
            var classId = classColumn >= 0 ? Field(classColumn) : folderClass!.Value;
            if (folderClass is { } expected && classId != expected)
                throw new DataFormatException(csvPath, offset, $"ClassId {expected} (the folder's number) on line {n + 1}", $"{classId}");
            result.Add(new Entry(Path.Combine(folder, fields[file]), Field(x1), Field(y1), Field(x2), Field(y2), classId));
        }
        return result;
    }

    private sealed record Entry(string Path, int X1, int Y1, int X2, int Y2, int ClassId);
}
