namespace GitActors.Actors.Training;

/// <summary>
/// Makes one run's batches ahead of its trainer, in (epoch, step) order from the start epoch to the last one,
/// off the trainer's thread. Pull-based: it only builds what the consumer asked for, and outstanding demand is capped
/// at the prefetch depth, so memory stays bounded however slow the trainer is. One batch per message, so a Stop is
/// never stuck behind a long burst of work. For a GIT run it sends each batch's AugmentRows to the augmenter pool as
/// soon as the batch is built and hands batches on in order once their rows are transformed, so the trainer
/// receives ordinary batches and the generator works while the trainer trains.
/// </summary>
public sealed class DataLoader : ReceiveActor
{
    private sealed record ProduceNext
    {
        public static ProduceNext Instance { get; } = new();
    }

    /// <summary>A built batch on its way to the consumer; Request is the pool request it still waits for (0: none).</summary>
    private sealed class Outgoing(Batch batch, long request)
    {
        public Batch Batch { get; set; } = batch;
        public long Request { get; set; } = request;
    }

    private readonly IBatchSource _source;
    private readonly int _totalEpochs;
    private readonly int _prefetch;
    private readonly LoaderAugmentation? _augmentation;
    private readonly Queue<Outgoing> _outgoing = new();
    private long _nextRequest;
    private IActorRef _consumer = ActorRefs.Nobody;
    private int _demand;
    private int _epoch;
    private int _step;

    public DataLoader(IBatchSource source, int startEpoch, int totalEpochs, int prefetch, LoaderAugmentation? augmentation = null)
    {
        if (prefetch < 1) throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, "prefetch must be at least 1");
        if (source.StepsPerEpoch < 1) throw new ArgumentException($"batch source has {source.StepsPerEpoch} steps per epoch", nameof(source));
        _source = source;
        _totalEpochs = totalEpochs;
        _prefetch = prefetch;
        _epoch = startEpoch;
        _augmentation = augmentation;
        Waiting();
    }

    public static Props Props(IBatchSource source, int startEpoch, int totalEpochs, int prefetch, LoaderAugmentation? augmentation = null) =>
        Akka.Actor.Props.Create(() => new DataLoader(source, startEpoch, totalEpochs, prefetch, augmentation));

    /// <summary>No ProduceNext in the mailbox: a request for batches starts production.</summary>
    private void Waiting()
    {
        Receive<RequestBatches>(m =>
        {
            AddDemand(m);
            ProduceIfWanted();
        });
        ReceivePoolAnswers();
    }

    /// <summary>One ProduceNext in the mailbox: requests only add demand, each ProduceNext builds one batch.</summary>
    private void Producing()
    {
        Receive<RequestBatches>(AddDemand);
        Receive<ProduceNext>(_ =>
        {
            if (Produce()) ProduceIfWanted();
        });
        ReceivePoolAnswers();
    }

    /// <summary>A batch could not be built or augmented: the consumer was told once, everything else is dropped.</summary>
    private void Failed(string reason, int epoch, int step)
    {
        _consumer.Tell(new BatchFailed(epoch, step, reason));
        Become(() => ReceiveAny(_ => { }));
    }

    private void ReceivePoolAnswers()
    {
        Receive<AugmentResponse>(OnAugmented);
        Receive<AugmentFailed>(m =>
        {
            if (_outgoing.FirstOrDefault(o => o.Request == m.RequestId) is not { } waiting) return;
            Failed($"GIT augmentation of batch {waiting.Batch.Step} of epoch {waiting.Batch.Epoch} failed: {m.Reason}", waiting.Batch.Epoch, waiting.Batch.Step);
        });
    }

    private void AddDemand(RequestBatches m)
    {
        _consumer = Sender;
        _demand = Math.Min(_demand + Math.Max(0, m.Count), _prefetch);
    }

    private bool Exhausted => _epoch > _totalEpochs;

    private void ProduceIfWanted()
    {
        if (_demand == 0 || Exhausted)
        {
            Become(Waiting);
            return;
        }
        Self.Tell(ProduceNext.Instance);
        Become(Producing);
    }

    /// <summary>Builds, and sends or hands to the pool, the next batch; false when that failed.</summary>
    private bool Produce()
    {
        Batch batch;
        try
        {
            batch = _source.Build(_epoch, _step);
        }
        catch (Exception e)
        {
            Failed($"building batch {_step} of epoch {_epoch} failed: {e.Message}", _epoch, _step);
            return false;
        }
        if (_augmentation is { } augmentation && batch.AugmentRows.Length > 0)
        {
            var request = augmentation.Request(++_nextRequest, batch);
            _outgoing.Enqueue(new Outgoing(batch, request.RequestId));
            augmentation.Pool.Tell(request);
        }
        else
            _outgoing.Enqueue(new Outgoing(batch, 0));
        Deliver();
        _demand--;
        if (++_step == _source.StepsPerEpoch)
        {
            _step = 0;
            _epoch++;
        }
        return true;
    }

    private void OnAugmented(AugmentResponse response)
    {
        var waiting = _outgoing.FirstOrDefault(o => o.Request == response.RequestId);
        if (waiting is null) return;
        waiting.Batch = _augmentation!.Apply(waiting.Batch, response);
        waiting.Request = 0;
        Deliver();
    }

    /// <summary>Batches leave in (epoch, step) order: a transformed batch waits for any earlier one still at the pool.</summary>
    private void Deliver()
    {
        while (_outgoing.TryPeek(out var head) && head.Request == 0) _consumer.Tell(_outgoing.Dequeue().Batch);
    }
}
