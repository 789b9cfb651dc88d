using GitActors.Models.Data;
using GitActors.Models.Data.Augmentation;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Losses;
using GitActors.Models.Sampling;

namespace GitActors.Models.Training;

/// <summary>
/// The classifier's batches (SPEC 5 and 7): the train rule's index list for the epoch, then per row the Oracle
/// transform (true T) where Algorithm 1 picks it, RandAugment on every image for RandAugment runs, CIFAR crop+flip
/// where the dataset uses it, and normalisation.
/// Rows the learned model must transform (GIT) are listed in Batch.AugmentRows and left clean here, unless the run has
/// an augmentation bank: then each such row becomes one of its image's bank samples, the sample drawn from the batch's
/// own "bank" stream (so the rows Algorithm 1 picks, and every other draw, are those of the same run without a bank).
/// Every draw comes from streams keyed by (seed, epoch, step), so Build is a pure function of its arguments.
/// </summary>
public sealed class ClassifierBatchSource : IBatchSource
{
    private const int CropPadding = 4;

    private readonly RunConfig _config;
    private readonly DatasetBundle _data;
    private readonly EpochSampler _sampler;
    private readonly AugmentPlan _augment;
    private readonly PixelNormalizer _normalizer;
    private readonly RandAugmenter? _randAugment;
    private readonly Bank.AugmentationBank? _bank;
    private int _cachedEpoch = -1;
    private int[] _cachedIndices = [];

    /// <param name="bank">The GIT run's augmentation bank (null: GIT rows are left for the augmenter pool).</param>
    public ClassifierBatchSource(RunConfig config, DatasetBundle data, Bank.AugmentationBank? bank = null)
    {
        if (bank is not null && (config.Augment.Kind != AugmentKind.Git || bank.ImageCount != data.Train.Count || bank.Shape != data.Shape))
            throw new ArgumentException(config.Augment.Kind != AugmentKind.Git
                ? "only a GIT run reads an augmentation bank"
                : $"the bank holds samples of {bank.ImageCount} images of {bank.Shape}, the train set has {data.Train.Count} of {data.Shape}");
        _config = config;
        _data = data;
        _bank = bank;
        var counts = data.TrainClassCounts;
        _sampler = new EpochSampler(data.Train.Labels, counts, ClassWeights.EffectiveNumber(counts, config.Schedule.Beta));
        _augment = new AugmentPlan(config.Augment, counts, config.Schedule.Stage1Epoch);
        _normalizer = new PixelNormalizer(data.Mean, data.Std);
        if (config.Augment.Kind == AugmentKind.RandAugment)
        {
            var published = RandAugmentSettings.For(config.Data.Dataset);
            _randAugment = new RandAugmenter(config.Augment.RandAugmentOps ?? published.Ops, config.Augment.RandAugmentMagnitude ?? published.Magnitude);
        }
        StepsPerEpoch = StepsFor(data.Train.Count, config.Schedule.BatchSize);
    }

    public int StepsPerEpoch { get; }

    /// <summary>Batches per epoch: N draws in batches of B, the last one partial (drop_last = False).</summary>
    public static int StepsFor(int examples, int batchSize) => (examples + batchSize - 1) / batchSize;

    /// <summary>The epoch's index list under the train rule (N draws; a fresh list each epoch).</summary>
    public int[] EpochIndices(int epoch)
    {
        if (_cachedEpoch != epoch)
        {
            var mode = TrainRulePhase.Sampling(_config.Rule, epoch, _config.Schedule.Stage1Epoch);
            _cachedIndices = _sampler.Draw(mode, Rng.ForStream(_config.Seed, $"epoch-order:{epoch}"));
            _cachedEpoch = epoch;
        }
        return _cachedIndices;
    }

    public Batch Build(int epoch, int step)
    {
        if (step < 0 || step >= StepsPerEpoch) throw new ArgumentOutOfRangeException(nameof(step));
        var order = EpochIndices(epoch);
        var start = step * _config.Schedule.BatchSize;
        var size = Math.Min(_config.Schedule.BatchSize, order.Length - start);
        var sources = order.AsSpan(start, size).ToArray();
        var rng = Rng.ForStream(_config.Seed, $"batch:{epoch}:{step}");
        var augmentRows = PlanAugmentation(sources, epoch, rng);

        var shape = _data.Train.Shape;
        var images = new float[size * shape.PixelCount];
        var labels = new long[size];
        var scratch = new byte[shape.PixelCount];
        var oracle = _config.Augment.Kind == AugmentKind.Oracle;
        var augmented = new HashSet<int>(augmentRows);
        var bankPick = _bank is null ? null : Rng.ForStream(_config.Seed, $"bank:{epoch}:{step}");
        // RandAugment draws from its own stream, so the batch's other draws are those of a run without it.
        using var randAugment = _randAugment?.ForBatch(Rng.ForStream(_config.Seed, $"randaugment:{epoch}:{step}").NextUInt64());
        for (var row = 0; row < size; row++)
        {
            var index = sources[row];
            labels[row] = _data.Train.Labels[index];
            if (oracle && augmented.Contains(row))
            {
                _data.TrainBase!.Image(index).CopyTo(scratch);
                _data.Nuisance!.Apply(scratch, shape, rng);
            }
            else if (bankPick is not null && augmented.Contains(row))
                BankSample(index, bankPick).CopyTo(scratch);
            else
                _data.Train.Image(index).CopyTo(scratch);
            randAugment?.Apply(scratch, shape);
            var destination = images.AsSpan(row * shape.PixelCount, shape.PixelCount);
            if (_data.Augmentation == TrainAugmentation.CropFlip)
                // Paper appendix B: with GIT the flip covers the whole batch and the crop only the clean rows.
                CropAndFlip(scratch, shape, destination, rng, crop: !augmented.Contains(row) || oracle);
            else
                _normalizer.Normalize(scratch, shape.Channels, destination);
        }
        return new Batch(epoch, step, images, labels, sources, oracle || _bank is not null ? [] : augmentRows);
    }

    private ReadOnlySpan<byte> BankSample(int index, Rng pick)
    {
        var styles = _bank!.StylesOf(index);
        if (styles == 0)
            throw new InvalidOperationException($"Algorithm 1 picked training image {index} (class {_data.Train.Labels[index]}), which has no bank samples");
        return _bank.Sample(index, pick.NextInt(styles));
    }

    /// <summary>Rows Algorithm 1 augments; with the independent stream their sources are replaced in place.</summary>
    private int[] PlanAugmentation(int[] sources, int epoch, Rng rng)
    {
        if (!_augment.IsActive(epoch)) return [];
        if (_config.Augment.Kind == AugmentKind.Oracle && (_data.Nuisance is null || _data.TrainBase is null))
            throw new InvalidOperationException($"dataset {_data.Name} has no known nuisance transform, so Oracle augmentation is undefined");
        var first = _augment.FirstCandidateRow(sources.Length);
        var count = _augment.CandidateRows(sources.Length);
        if (_augment.UsesIndependentStream)
        {
            var stream = _sampler.Draw(SamplingMode.InverseFrequency, rng);
            for (var i = 0; i < count; i++) sources[first + i] = stream[i % stream.Length];
        }
        var rows = new List<int>(count);
        for (var row = first; row < first + count; row++)
            if (_augment.ShouldAugment(_data.Train.Labels[sources[row]], rng)) rows.Add(row);
        return rows.ToArray();
    }

    /// <summary>torchvision RandomCrop(size, padding=4) on zero-padded pixels, then RandomHorizontalFlip(0.5).</summary>
    private void CropAndFlip(ReadOnlySpan<byte> image, ImageShape shape, Span<float> destination, Rng rng, bool crop)
    {
        var dy = crop ? rng.NextInt(2 * CropPadding + 1) - CropPadding : 0;
        var dx = crop ? rng.NextInt(2 * CropPadding + 1) - CropPadding : 0;
        var flip = rng.NextDouble() < 0.5;
        int height = shape.Height, width = shape.Width, plane = height * width;
        for (var c = 0; c < shape.Channels; c++)
        {
            var zero = _normalizer.Normalize(c, 0);
            for (var y = 0; y < height; y++)
            {
                var sy = y + dy;
                for (var x = 0; x < width; x++)
                {
                    var sx = (flip ? width - 1 - x : x) + dx;
                    destination[c * plane + y * width + x] = sy < 0 || sy >= height || sx < 0 || sx >= width
                        ? zero
                        : _normalizer.Normalize(c, image[c * plane + sy * width + sx]);
                }
            }
        }
    }
}
