using GitActors.Models.Networks.Munit;
using GitActors.Models.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// MUNIT_Trainer with A = B = the one long-tailed dataset (paper appendix A): two generators, two single-scale LSGAN
/// discriminators, one Adam over both generators and one over both discriminators. Each <see cref="Step"/> is
/// trainer.py's dis_update followed by gen_update, at the lr of <see cref="MunitLrSchedule"/>.
/// Styles s ~ N(0, I) come from a CPU torch.Generator seeded from the run seed and saved in the checkpoint.
/// Not thread-safe (TorchSharp modules are not).
/// </summary>
public sealed class MunitTrainer : IDisposable
{
    private const string Magic = "GITACTORS-MUNIT-TRAINER";
    // 2: optimizer states are LowFootprintAdam's (version-1 files name TorchSharp's Adam).
    // 3: the hyperparameters and batch size follow the network options (version-2 files hold the paper's).
    private const int Version = 3;
    private static readonly int[] ReadableVersions = [2, Version];

    private readonly MunitGenerator _genA;
    private readonly MunitGenerator _genB;
    private readonly MunitDiscriminator _disA;
    private readonly MunitDiscriminator _disB;
    private readonly Adam _genOpt;
    private readonly Adam _disOpt;
    private readonly Parameter[] _disParameters;
    private readonly Generator _styleRandom;
    private readonly Device _device;

    public MunitTrainer(MunitTrainerOptions options, long seed, Device? device = null)
    {
        options.Validate();
        Options = options;
        _device = device ?? CPU;
        _genA = new MunitGenerator(options.Generator, "gen_a");
        _genB = new MunitGenerator(options.Generator, "gen_b");
        _disA = new MunitDiscriminator(options.Discriminator, "dis_a");
        _disB = new MunitDiscriminator(options.Discriminator, "dis_b");
        using (var init = new Generator(Rng.ForStream(seed, "munit-init").NextUInt64()))
        {
            MunitInit.Kaiming(_genA, init);
            MunitInit.Kaiming(_genB, init);
            MunitInit.Gaussian(_disA, init);
            MunitInit.Gaussian(_disB, init);
        }
        foreach (var module in new nn.Module[] { _genA, _genB, _disA, _disB }) module.to(_device).train();
        _styleRandom = new Generator(Rng.ForStream(seed, "munit-style").NextUInt64());

        var hyper = options.Hyper;
        _genOpt = new LowFootprintAdam(_genA.parameters().Concat(_genB.parameters()), hyper.Lr, hyper.Beta1, hyper.Beta2, weightDecay: hyper.WeightDecay);
        _disParameters = _disA.parameters().Concat(_disB.parameters()).ToArray();
        _disOpt = new LowFootprintAdam(_disParameters, hyper.Lr, hyper.Beta1, hyper.Beta2, weightDecay: hyper.WeightDecay);
    }

    public MunitTrainerOptions Options { get; }

    /// <summary>Completed iterations; the next <see cref="Step"/> runs at MunitLrSchedule.LearningRate(hyper, Iteration).</summary>
    public long Iteration { get; private set; }

    public MunitGenerator GeneratorA => _genA;

    public MunitGenerator GeneratorB => _genB;

    public MunitDiscriminator DiscriminatorA => _disA;

    public MunitDiscriminator DiscriminatorB => _disB;

    /// <summary>One MUNIT iteration on images in [-1, 1] (B x C x H x W, on any device: they are moved).</summary>
    public MunitStepLosses Step(Tensor xA, Tensor xB)
    {
        var lr = MunitLrSchedule.LearningRate(Options.Hyper, Iteration);
        SetLearningRate(_genOpt, lr);
        SetLearningRate(_disOpt, lr);
        using var scope = NewDisposeScope();
        var a = xA.to(_device);
        var b = xB.to(_device);
        var (disTotal, disA, disB) = DisUpdate(a, b);
        var gen = GenUpdate(a, b);
        var values = stack([disTotal, disA, disB, .. gen]).to(float64).cpu().data<double>().ToArray();
        var losses = new MunitStepLosses(Iteration, lr, values[0], values[1], values[2], values[3], values[4], values[5],
            values[6], values[7], values[8], values[9], values[10], values[11], values[12], values[13]);
        Iteration++;
        return losses;
    }

    /// <summary>dis_update: D learns to score real images 1 and cross-domain translations (detached) 0.</summary>
    private (Tensor Total, Tensor A, Tensor B) DisUpdate(Tensor xA, Tensor xB)
    {
        _disOpt.zero_grad();
        var styleA = NextStyle(xA.shape[0]);
        var styleB = NextStyle(xB.shape[0]);
        Tensor xBA, xAB;
        // The translations are detached in MUNIT; building no graph for them is the same update, cheaper.
        // Only content codes are used here, so the style encoders are not run.
        using (no_grad())
        {
            xBA = _genA.Decode(_genB.EncodeContent(xB), styleA);
            xAB = _genB.Decode(_genA.EncodeContent(xA), styleB);
        }
        var lossA = _disA.CalcDisLoss(xBA, xA);
        var lossB = _disB.CalcDisLoss(xAB, xB);
        var gan = Options.Hyper.GanWeight;
        var total = lossA * gan + lossB * gan;
        total.backward();
        _disOpt.step();
        return (total.detach(), lossA.detach(), lossB.detach());
    }

    /// <summary>gen_update: within-domain reconstruction, cross-domain translation, latent reconstruction, LSGAN.</summary>
    private Tensor[] GenUpdate(Tensor xA, Tensor xB)
    {
        var hyper = Options.Hyper;
        _genOpt.zero_grad();
        var batch = xA.shape[0];
        var styleA = NextStyle(batch);
        var styleB = NextStyle(xB.shape[0]);
        var (contentA, styleAPrime) = _genA.Encode(xA);
        var (contentB, styleBPrime) = _genB.Encode(xB);
        // gen_a decodes (c_a, s_a') and (c_b, s_a) in one batch; AdaIN and LayerNorm are per sample, so this equals
        // MUNIT's two calls. Likewise for gen_b.
        var decodedA = _genA.Decode(cat([contentA, contentB], 0), cat([styleAPrime, styleA], 0));
        var decodedB = _genB.Decode(cat([contentB, contentA], 0), cat([styleBPrime, styleB], 0));
        var xARecon = decodedA[..(int)batch];
        var xBA = decodedA[(int)batch..];
        var xBRecon = decodedB[..(int)xB.shape[0]];
        var xAB = decodedB[(int)xB.shape[0]..];
        var (contentBRecon, styleARecon) = _genA.Encode(xBA);
        var (contentARecon, styleBRecon) = _genB.Encode(xAB);

        var reconXA = F.l1_loss(xARecon, xA);
        var reconXB = F.l1_loss(xBRecon, xB);
        var reconSA = F.l1_loss(styleARecon, styleA);
        var reconSB = F.l1_loss(styleBRecon, styleB);
        var reconCA = F.l1_loss(contentARecon, contentA);
        var reconCB = F.l1_loss(contentBRecon, contentB);
        Tensor cycA, cycB;
        if (hyper.ReconXCycWeight > 0)
        {
            cycA = F.l1_loss(_genA.Decode(contentARecon, styleAPrime), xA);
            cycB = F.l1_loss(_genB.Decode(contentBRecon, styleBPrime), xB);
        }
        else
        {
            cycA = zeros(1, device: _device).squeeze();
            cycB = zeros(1, device: _device).squeeze();
        }

        // D's weights get no gradient from G's loss (MUNIT zeroes them before D's next step anyway); gradients still
        // flow through D to the translations.
        SetRequiresGrad(_disParameters, false);
        Tensor advA, advB, total;
        try
        {
            advA = _disA.CalcGenLoss(xBA);
            advB = _disB.CalcGenLoss(xAB);
            total = (advA + advB) * hyper.GanWeight
                    + (reconXA + reconXB) * hyper.ReconXWeight
                    + (reconSA + reconSB) * hyper.ReconSWeight
                    + (reconCA + reconCB) * hyper.ReconCWeight;
            if (hyper.ReconXCycWeight > 0) total += (cycA + cycB) * hyper.ReconXCycWeight;
            total.backward();
        }
        finally
        {
            SetRequiresGrad(_disParameters, true);
        }
        _genOpt.step();
        return [total.detach(), advA.detach(), advB.detach(), reconXA.detach(), reconXB.detach(), reconSA.detach(),
            reconSB.detach(), reconCA.detach(), reconCB.detach(), cycA.detach(), cycB.detach()];
    }

    /// <summary>A batch of style codes s ~ N(0, I), B x StyleDim x 1 x 1, from the checkpointed generator.</summary>
    private Tensor NextStyle(long batch) =>
        randn([batch, Options.Generator.StyleDim, 1, 1], generator: _styleRandom).to(_device);

    private static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    private static void SetRequiresGrad(IEnumerable<Parameter> parameters, bool value)
    {
        foreach (var parameter in parameters) parameter.requires_grad = value;
    }

    /// <summary>
    /// Full training state: options, iteration, the style generator's state, named caller RNG states (e.g. the data
    /// streams'), all four networks and both Adam states (TorchSharp 0.107 saves exp_avg, exp_avg_sq and step).
    /// </summary>
    public void Save(Stream destination, IReadOnlyDictionary<string, ulong[]>? rngStates = null)
    {
        using (var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            MunitCheckpointIo.WriteHeader(writer, Magic, Version);
            MunitCheckpointIo.Write(writer, Options.Image);
            MunitCheckpointIo.Write(writer, Options.Generator);
            MunitCheckpointIo.Write(writer, Options.Discriminator);
            MunitCheckpointIo.Write(writer, Options.Hyper);
            writer.Write(Options.BatchSize);
            writer.Write(Iteration);
            using (var state = _styleRandom.get_state())
            {
                var bytes = state.data<byte>().ToArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
            var states = rngStates ?? new Dictionary<string, ulong[]>();
            writer.Write(states.Count);
            foreach (var (name, words) in states.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.Write(name);
                writer.Write(words.Length);
                foreach (var word in words) writer.Write(word);
            }
            _genA.save(writer);
            _genB.save(writer);
            _disA.save(writer);
            _disB.save(writer);
            _genOpt.save_state_dict(writer);
            _disOpt.save_state_dict(writer);
        }
    }

    /// <summary>Restores a <see cref="Save"/>d state into this trainer (built with the same options); returns the caller RNG states.</summary>
    public IReadOnlyDictionary<string, ulong[]> Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>
    /// Restores from checkpoint bytes; <paramref name="path"/> names the source in errors. The stream must be seekable:
    /// every count in it is checked against its length before anything is sized from it.
    /// </summary>
    public IReadOnlyDictionary<string, ulong[]> Load(Stream source, string path)
    {
        if (!source.CanSeek) throw new ArgumentException($"{path}: a checkpoint is read from a seekable stream", nameof(source));
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var options = ReadOptions(reader, path);
        if (options != Options)
            throw new InvalidDataException($"{path}: checkpoint is for {Describe(options)}; this trainer has {Describe(Options)}");
        var iteration = MunitCheckpointIo.Read(path, "iteration", reader.ReadInt64);
        if (iteration < 0) throw new InvalidDataException($"{path}: negative iteration count {iteration}");
        var styleLength = MunitCheckpointIo.ReadCount(reader, path, "style generator state", 1);
        var styleState = MunitCheckpointIo.Read(path, "style generator state", () => reader.ReadBytes(styleLength));
        var states = MunitCheckpointIo.Read(path, "RNG states", () =>
        {
            // Each state takes at least a name's length byte and a word count (strings are read as their bytes arrive).
            var count = MunitCheckpointIo.ReadCount(reader, path, "RNG states", 1 + sizeof(int));
            var result = new Dictionary<string, ulong[]>(count);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var words = new ulong[MunitCheckpointIo.ReadCount(reader, path, $"RNG state {i}", sizeof(ulong))];
                for (var w = 0; w < words.Length; w++) words[w] = reader.ReadUInt64();
                result[name] = words;
            }
            return result;
        });
        MunitCheckpointIo.Load(_genA, reader, path, "gen_a");
        MunitCheckpointIo.Load(_genB, reader, path, "gen_b");
        MunitCheckpointIo.Load(_disA, reader, path, "dis_a");
        MunitCheckpointIo.Load(_disB, reader, path, "dis_b");
        MunitCheckpointIo.Read(path, "generator optimizer state", () => { _genOpt.load_state_dict(reader); return 0; });
        MunitCheckpointIo.Read(path, "discriminator optimizer state", () => { _disOpt.load_state_dict(reader); return 0; });
        using (var state = tensor(styleState)) _styleRandom.set_state(state);
        Iteration = iteration;
        return states;
    }

    /// <summary>Whether the file starts with a trainer checkpoint's header (not a generator file's).</summary>
    public static bool IsTrainerCheckpoint(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try { return reader.ReadString() == Magic; }
        catch (Exception e) when (e is EndOfStreamException or IOException) { return false; }
    }

    /// <summary>The options a trainer checkpoint was written with, so a matching trainer can be built to load it.</summary>
    public static MunitTrainerOptions ReadOptions(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        return ReadOptions(reader, path);
    }

    private static MunitTrainerOptions ReadOptions(BinaryReader reader, string path)
    {
        var version = MunitCheckpointIo.ReadHeader(reader, path, Magic, ReadableVersions);
        var image = MunitCheckpointIo.Read(path, "image shape", () => MunitCheckpointIo.ReadImageShape(reader, path));
        var generator = MunitCheckpointIo.Read(path, "generator options", () => MunitCheckpointIo.ReadGeneratorOptions(reader, path));
        var discriminator = MunitCheckpointIo.Read(path, "discriminator options", () => MunitCheckpointIo.ReadDiscriminatorOptions(reader));
        if (version < 3) return new MunitTrainerOptions(image, generator, discriminator, new MunitHyperParameters());
        var hyper = MunitCheckpointIo.Read(path, "hyperparameters", () => MunitCheckpointIo.ReadHyperParameters(reader, path));
        var batchSize = MunitCheckpointIo.Read(path, "batch size", reader.ReadInt32);
        if (batchSize < 1) throw new InvalidDataException($"{path}: batch size {batchSize} is not positive");
        return new MunitTrainerOptions(image, generator, discriminator, hyper, batchSize);
    }

    private static string Describe(MunitTrainerOptions o) => $"{o.Image} images, {o.Generator}, {o.Discriminator}, {o.Hyper}, batch {o.BatchSize}";

    /// <summary>The learned T~ as a generator of its own, a copy the caller owns (see <see cref="MunitTranslation"/>).</summary>
    public MunitGenerator Translator(MunitTranslation translation) => translation switch
    {
        MunitTranslation.AToB => MunitGenerator.Compose(_genA, _genB, "translator"),
        MunitTranslation.SameGenerator => MunitGenerator.Compose(_genA, _genA, "translator"),
        _ => throw new ArgumentOutOfRangeException(nameof(translation), translation, "unknown MUNIT translation"),
    };

    /// <summary>The sampler's file (the translator's weights with the image geometry, what augmenters load) into a stream.</summary>
    public void SaveTranslator(Stream destination, MunitTranslation translation)
    {
        using var translator = Translator(translation);
        MunitGeneratorCheckpoint.Save(destination, translator, Options.Image, translation);
    }

    public void Dispose()
    {
        _genOpt.Dispose();
        _disOpt.Dispose();
        _genA.Dispose();
        _genB.Dispose();
        _disA.Dispose();
        _disB.Dispose();
        _styleRandom.Dispose();
    }
}
