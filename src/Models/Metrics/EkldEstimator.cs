using GitActors.Models.Data;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Metrics;

/// <summary>
/// Estimates per-class eKLD (SPEC 8). The nuisance model is the caller's: the true transform T or the learned
/// MUNIT T~. Every x' is sampled from the same x it is compared with (the reference code pairs different images).
/// Held-out images are the first n of a seeded shuffle of each class; image i's transforms come from its own stream
/// Rng.ForStream(seed, "ekld-transform-i"), so they do not depend on which other images were chosen.
/// </summary>
public static class EkldEstimator
{
    /// <summary>Per-image variant: the callbacks return one normalised C*H*W image, original or transformed.</summary>
    /// <param name="sampleTransform">(held-out image index, rng) -> a normalised x' ~ T(.|x).</param>
    /// <param name="original">held-out image index -> the normalised x.</param>
    public static EkldResult Compute(
        nn.Module<Tensor, Tensor> model,
        ImageSet heldOut,
        Func<int, Rng, float[]> sampleTransform,
        Func<int, float[]> original,
        long seed,
        Device device,
        int imagesPerClass = 40,
        int transformsPerImage = 100,
        int batchSize = 256)
    {
        Require(imagesPerClass, transformsPerImage, batchSize);
        var size = heldOut.Shape.PixelCount;
        var buffer = new float[batchSize * size];
        long[] BatchShape(int rows) => [rows, heldOut.Shape.Channels, heldOut.Shape.Height, heldOut.Shape.Width];

        Tensor Originals(ReadOnlySpan<int> images)
        {
            for (var i = 0; i < images.Length; i++) CopyImage(original(images[i]), buffer, i, size, "original");
            return FromBuffer(buffer, BatchShape(images.Length), device);
        }

        return Estimate(model, heldOut, seed, imagesPerClass, transformsPerImage, batchSize, Originals, (selected, firstRow, rows, rngs) =>
        {
            for (var r = 0; r < rows; r++)
            {
                var slot = (firstRow + r) / transformsPerImage;
                CopyImage(sampleTransform(selected[slot], rngs(slot)), buffer, r, size, "transformed");
            }
            return FromBuffer(buffer, BatchShape(rows), device);
        });
    }

    /// <summary>
    /// Batched variant for generators: <paramref name="sampleTransforms"/>(image index, count, rng) returns count
    /// transforms of that one image as a count x C x H x W tensor; <paramref name="originals"/> returns the given images.
    /// Tensors must be normalised and on the model's device. Batches never mix images, so a generator can encode x once.
    /// </summary>
    public static EkldResult Compute(
        nn.Module<Tensor, Tensor> model,
        ImageSet heldOut,
        Func<int, int, Rng, Tensor> sampleTransforms,
        Func<int[], Tensor> originals,
        long seed,
        int imagesPerClass = 40,
        int transformsPerImage = 100,
        int batchSize = 256)
    {
        Require(imagesPerClass, transformsPerImage, batchSize);
        var rowsPerBatch = Math.Min(batchSize, transformsPerImage);
        return Estimate(model, heldOut, seed, imagesPerClass, transformsPerImage, rowsPerBatch,
            images => originals(images.ToArray()),
            (selected, firstRow, rows, rngs) =>
            {
                var slot = firstRow / transformsPerImage;
                return sampleTransforms(selected[slot], rows, rngs(slot));
            },
            batchesWithinImage: true);
    }

    /// <summary>Held-out images per class: the first n of a seeded shuffle of the class (all of it when smaller), by class.</summary>
    public static int[] SelectHeldOut(ImageSet heldOut, int imagesPerClass, long seed)
    {
        var rng = Rng.ForStream(seed, "ekld-heldout");
        var byClass = new List<int>[heldOut.ClassCount];
        for (var c = 0; c < byClass.Length; c++) byClass[c] = [];
        for (var i = 0; i < heldOut.Count; i++) byClass[heldOut.Labels[i]].Add(i);
        var selected = new List<int>();
        foreach (var members in byClass)
        {
            var order = members.ToArray();
            rng.Shuffle(order.AsSpan());
            selected.AddRange(order.Take(imagesPerClass));
        }
        return selected.ToArray();
    }

    /// <summary>KL(P || Q) per row from log-probabilities: sum_k p_k (log p_k - log q_k).</summary>
    public static Tensor KlDivergence(Tensor logP, Tensor logQ)
    {
        using var scope = NewDisposeScope();
        return logP.exp().mul_(logP - logQ).sum(1).MoveToOuterDisposeScope();
    }

    private delegate Tensor RowSampler(int[] selected, int firstRow, int rows, Func<int, Rng> rngForSlot);

    private static EkldResult Estimate(
        nn.Module<Tensor, Tensor> model,
        ImageSet heldOut,
        long seed,
        int imagesPerClass,
        int transformsPerImage,
        int batchSize,
        Func<ReadOnlySpan<int>, Tensor> originals,
        RowSampler sampleRows,
        bool batchesWithinImage = false)
    {
        var selected = SelectHeldOut(heldOut, imagesPerClass, seed);
        var classCount = heldOut.ClassCount;
        var klSum = new double[classCount];
        var agreements = new long[classCount];
        var pairs = new long[classCount];
        var rngs = new Rng?[selected.Length];
        Rng RngForSlot(int slot) => rngs[slot] ??= Rng.ForStream(seed, $"ekld-transform-{selected[slot]}");

        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var originalLogP = OriginalLogProbabilities(model, selected, originals, batchSize);
            var totalRows = (long)selected.Length * transformsPerImage;
            for (long first = 0; first < totalRows;)
            {
                var rows = (int)Math.Min(batchSize, totalRows - first);
                if (batchesWithinImage) rows = (int)Math.Min(rows, transformsPerImage - first % transformsPerImage);
                using var scope = NewDisposeScope();
                var transformed = sampleRows(selected, (int)first, rows, RngForSlot);
                if (transformed.shape[0] != rows)
                    throw new InvalidOperationException($"the transform sampler returned {transformed.shape[0]} images, expected {rows}");
                var logQ = F.log_softmax(model.forward(transformed), 1);
                var slots = arange(first, first + rows, dtype: ScalarType.Int64).div_(transformsPerImage, RoundingMode.floor).to(logQ.device);
                var logP = originalLogP.index_select(0, slots);
                var kl = KlDivergence(logP, logQ).to(ScalarType.Float64).cpu();
                var agree = logP.argmax(1).eq(logQ.argmax(1)).cpu();
                var klValues = kl.data<double>();
                var agreeValues = agree.data<bool>();
                for (var r = 0; r < rows; r++)
                {
                    var label = heldOut.Labels[selected[(first + r) / transformsPerImage]];
                    klSum[label] += klValues[r];
                    if (agreeValues[r]) agreements[label]++;
                    pairs[label]++;
                }
                first += rows;
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        var images = new int[classCount];
        foreach (var index in selected) images[heldOut.Labels[index]]++;
        return new EkldResult(
            PerClassEkld: Enumerable.Range(0, classCount).Select(c => pairs[c] == 0 ? double.NaN : klSum[c] / pairs[c]).ToArray(),
            PerClassArgmaxAgreement: Enumerable.Range(0, classCount).Select(c => pairs[c] == 0 ? double.NaN : (double)agreements[c] / pairs[c]).ToArray(),
            ImagesUsed: images,
            TransformsPerImage: transformsPerImage);
    }

    private static Tensor OriginalLogProbabilities(nn.Module<Tensor, Tensor> model, int[] selected, Func<ReadOnlySpan<int>, Tensor> originals, int batchSize)
    {
        var parts = new List<Tensor>();
        try
        {
            for (var first = 0; first < selected.Length; first += batchSize)
            {
                using var scope = NewDisposeScope();
                var images = originals(selected.AsSpan(first, Math.Min(batchSize, selected.Length - first)));
                parts.Add(F.log_softmax(model.forward(images), 1).MoveToOuterDisposeScope());
            }
            return parts.Count == 1 ? parts[0].alias() : cat(parts, 0);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    private static void CopyImage(float[] image, float[] buffer, int row, int size, string what)
    {
        if (image.Length != size)
            throw new ArgumentException($"the {what} image has {image.Length} values, expected C*H*W = {size}");
        image.CopyTo(buffer, row * size);
    }

    /// <summary>The first shape[0] rows of the reused staging buffer, on the device (a copy once it leaves the CPU).</summary>
    private static Tensor FromBuffer(float[] buffer, long[] shape, Device device)
    {
        var rowSize = shape[1] * shape[2] * shape[3];
        var full = tensor(buffer, [buffer.Length / rowSize, shape[1], shape[2], shape[3]]);
        var batch = shape[0] == full.shape[0] ? full : full.narrow(0, 0, shape[0]);
        return batch.to(device);
    }

    private static void Require(int imagesPerClass, int transformsPerImage, int batchSize)
    {
        if (imagesPerClass < 1) throw new ArgumentOutOfRangeException(nameof(imagesPerClass));
        if (transformsPerImage < 1) throw new ArgumentOutOfRangeException(nameof(transformsPerImage));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
    }
}
