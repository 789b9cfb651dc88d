using GitActors.Models.Data.Datasets;
using GitActors.Models.Losses;
using GitActors.Models.Networks;
using GitActors.Models.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Training;

/// <summary>
/// One classifier run's model, optimizer and loss on one device (SPEC 3-5): the training step, per-epoch lr and
/// class weights, evaluation, and checkpoints. Not thread-safe: one owner thread, as TorchSharp modules require.
/// </summary>
public sealed class ClassifierSession : IDisposable
{
    private readonly RunConfig _config;
    private readonly DatasetBundle _data;
    private readonly Device _device;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly SGD _optimizer;
    private readonly IClassifierLoss _loss;
    private readonly Tensor _classWeights;
    private bool _weightedEpoch;

    public ClassifierSession(RunConfig config, DatasetBundle data, Device device)
    {
        _config = config;
        _data = data;
        _device = device;
        var shape = data.Train.Shape;
        _model = ClassifierFactory.Create(config.Model, shape.Channels, data.Train.ClassCount, shape.Height,
            normedHead: config.Loss.Kind == LossKind.Ldam, initSeed: (long)Rng.ForStream(config.Seed, "classifier-init").NextUInt64());
        _model.to(device);
        var schedule = config.Schedule;
        _optimizer = optim.SGD(_model.parameters(), schedule.BaseLr, schedule.Momentum, weight_decay: schedule.WeightDecay);
        _loss = LossFactory.Create(config.Loss, data.TrainClassCounts);
        var weights = ClassWeights.EffectiveNumber(data.TrainClassCounts, schedule.Beta).Select(w => (float)w).ToArray();
        _classWeights = tensor(weights, device: device);
    }

    public nn.Module<Tensor, Tensor> Model => _model;

    public Device Device => _device;

    public double LearningRate { get; private set; }

    public void BeginEpoch(int epoch)
    {
        LearningRate = LrSchedule.At(_config.Schedule, epoch);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = LearningRate;
        _weightedEpoch = TrainRulePhase.UsesClassWeights(_config.Rule, epoch, _config.Schedule.Stage1Epoch);
        _model.train();
    }

    /// <summary>One SGD step on a prepared batch; returns the loss.</summary>
    public double TrainStep(Batch batch)
    {
        using var scope = NewDisposeScope();
        var shape = _data.Train.Shape;
        var images = tensor(batch.Images, [batch.Size, shape.Channels, shape.Height, shape.Width], device: _device);
        return TrainStep(batch, images);
    }

    /// <summary>One SGD step on images already on the device (GIT hands in generator output).</summary>
    public double TrainStep(Batch batch, Tensor images)
    {
        using var scope = NewDisposeScope();
        var labels = tensor(batch.Labels, device: _device);
        var logits = _model.forward(images);
        var loss = _loss.Compute(logits, labels, _weightedEpoch ? _classWeights : null);
        _optimizer.zero_grad();
        loss.backward();
        _optimizer.step();
        var value = loss.item<float>();
        if (!float.IsFinite(value)) throw new NonFiniteLossException(batch.Epoch, batch.Step, value);
        return value;
    }

    /// <summary>Logits for a whole image set, in eval mode, batched.</summary>
    public Tensor Logits(Data.ImageSet images, int batchSize = 512)
    {
        var normalizer = new PixelNormalizer(_data.Mean, _data.Std);
        var shape = images.Shape;
        var outputs = new List<Tensor>();
        _model.eval();
        using (no_grad())
        {
            var buffer = new float[batchSize * shape.PixelCount];
            for (var start = 0; start < images.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, images.Count - start);
                for (var i = 0; i < count; i++)
                    normalizer.Normalize(images.Image(start + i), shape.Channels, buffer.AsSpan(i * shape.PixelCount, shape.PixelCount));
                var input = tensor(buffer.AsSpan(0, count * shape.PixelCount).ToArray(), [count, shape.Channels, shape.Height, shape.Width], device: _device);
                outputs.Add(_model.forward(input).cpu().MoveToOuterDisposeScope());
            }
        }
        var all = cat(outputs, 0);
        foreach (var output in outputs) output.Dispose();
        return all;
    }

    private const int CheckpointMagic = 0x4B434147; // "GACK"
    private const int CheckpointVersion = 1;

    public void Save(Stream destination, int completedEpochs)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(CheckpointMagic);
        writer.Write(CheckpointVersion);
        writer.Write(completedEpochs);
        writer.Write(ConfigNames.Name(_config.Model));
        writer.Write(_data.Train.ClassCount);
        _model.save(writer);
        _optimizer.save_state_dict(writer);
        writer.Flush();
    }

    /// <summary>
    /// Restores model and optimizer; returns the number of completed epochs recorded in the checkpoint. The stream must
    /// be seekable: the weights' sizes are checked against the model and the stream's length before they are read.
    /// </summary>
    public int Load(Stream source, string description)
    {
        if (!source.CanSeek) throw new ArgumentException($"{description}: a checkpoint is read from a seekable stream", nameof(source));
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadInt32() != CheckpointMagic) throw new InvalidDataException($"{description}: not a GitActors classifier checkpoint");
            var version = reader.ReadInt32();
            if (version != CheckpointVersion) throw new InvalidDataException($"{description}: checkpoint version {version}, expected {CheckpointVersion}");
            var epochs = reader.ReadInt32();
            var model = reader.ReadString();
            var classes = reader.ReadInt32();
            if (model != ConfigNames.Name(_config.Model) || classes != _data.Train.ClassCount)
                throw new InvalidDataException($"{description}: checkpoint holds {model} for {classes} classes, the run needs {ConfigNames.Name(_config.Model)} for {_data.Train.ClassCount}");
            ModuleStateCheck.Require(_model, reader, description, "model weights");
            _model.load(reader);
            _optimizer.load_state_dict(reader);
            return epochs;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{description}: checkpoint is truncated");
        }
    }

    public void Dispose()
    {
        _classWeights.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
    }
}
