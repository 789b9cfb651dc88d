using System.Text;

namespace GitActors.Models.Data.Readers;

/// <summary>A binary (P6) PPM with maxval 255: interleaved RGB, header tokens separated by whitespace or '#' comments.</summary>
internal sealed record PpmImage(int Width, int Height, byte[] Rgb)
{
    public static PpmImage Read(string path)
    {
        var bytes = FileBytes.ReadAll(path);
        var position = 0;
        var magic = Token(bytes, ref position, path, "the magic P6");
        if (magic != "P6") throw new DataFormatException(path, 0, "the binary PPM magic P6", $"'{magic}'");
        var width = Number(bytes, ref position, path, "width");
        var height = Number(bytes, ref position, path, "height");
        var maxValueOffset = position;
        var maxValue = Number(bytes, ref position, path, "maxval");
        if (maxValue != 255) throw new DataFormatException(path, maxValueOffset, "maxval 255", $"{maxValue}");
        position++; // exactly one whitespace byte separates the header from the raster
        var size = FileBytes.RequireArray(bytes.Length, position, [height, width], 3, path, $"a {width}x{height} RGB raster");
        return new PpmImage(width, height, bytes.AsSpan(position, (int)size).ToArray());
    }

    private static int Number(byte[] bytes, ref int position, string path, string what)
    {
        var start = position;
        var token = Token(bytes, ref position, path, what);
        return int.TryParse(token, out var value) && value > 0
            ? value
            : throw new DataFormatException(path, start, $"a positive {what}", $"'{token}'");
    }

    /// <summary>Skips whitespace and comments, then reads one token; leaves position on the byte after it.</summary>
    private static string Token(byte[] bytes, ref int position, string path, string what)
    {
        while (position < bytes.Length)
        {
            if (bytes[position] == '#')
                while (position < bytes.Length && bytes[position] != '\n') position++;
            else if (char.IsWhiteSpace((char)bytes[position])) position++;
            else break;
        }
        var start = position;
        while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position]) && bytes[position] != '#') position++;
        if (start == position) throw new DataFormatException(path, start, $"the header field {what}", "end of file");
        return Encoding.ASCII.GetString(bytes, start, position - start);
    }
}
