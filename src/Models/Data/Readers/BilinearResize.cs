namespace GitActors.Models.Data.Readers;

/// <summary>
/// Bilinear resampling of an interleaved RGB region into a channel-first image, with pixel centres aligned
/// (source = (dest + 0.5) * scale - 0.5, clamped at the edges), as OpenCV's INTER_LINEAR and PIL do without antialiasing.
/// </summary>
internal static class BilinearResize
{
    public static void InterleavedToChannelFirst(
        ReadOnlySpan<byte> rgb, int sourceWidth, int x0, int y0, int regionWidth, int regionHeight,
        Span<byte> destination, int width, int height, int channels)
    {
        var scaleX = (double)regionWidth / width;
        var scaleY = (double)regionHeight / height;
        var plane = width * height;
        for (var y = 0; y < height; y++)
        {
            var sy = Math.Clamp((y + 0.5) * scaleY - 0.5, 0, regionHeight - 1);
            var top = (int)sy;
            var bottom = Math.Min(top + 1, regionHeight - 1);
            var fy = sy - top;
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Clamp((x + 0.5) * scaleX - 0.5, 0, regionWidth - 1);
                var left = (int)sx;
                var right = Math.Min(left + 1, regionWidth - 1);
                var fx = sx - left;
                var rowTop = ((y0 + top) * sourceWidth + x0) * channels;
                var rowBottom = ((y0 + bottom) * sourceWidth + x0) * channels;
                for (var c = 0; c < channels; c++)
                {
                    var upper = rgb[rowTop + left * channels + c] * (1 - fx) + rgb[rowTop + right * channels + c] * fx;
                    var lower = rgb[rowBottom + left * channels + c] * (1 - fx) + rgb[rowBottom + right * channels + c] * fx;
                    destination[c * plane + y * width + x] = (byte)Math.Clamp(Math.Round(upper * (1 - fy) + lower * fy), 0, 255);
                }
            }
        }
    }
}
