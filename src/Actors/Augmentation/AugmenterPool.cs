namespace GitActors.Actors.Augmentation;

/// <summary>
/// The router over the augmenters. Each request goes to the least busy augmenter (at most two outstanding per
/// augmenter, so a freed one picks up the next request); a requester never has more than MaxInFlightPerRequester
/// requests at the augmenters, the rest wait here in arrival order. That bound, with each requester's own credit,
/// is the back-pressure: a fast data loader cannot swamp the generators for everyone else.
/// </summary>
public sealed class AugmenterPool : ReceiveActor
{
    private const int OutstandingPerAugmenter = 2;

    private sealed record Pending(long Ticket, IActorRef Requester, AugmentRequest Request);

    private readonly AugmenterSettings _settings;
    private readonly List<IActorRef> _augmenters = [];
    private readonly Dictionary<IActorRef, int> _outstanding = [];
    private readonly Dictionary<IActorRef, int> _inFlight = [];
    private readonly Dictionary<long, (IActorRef Requester, IActorRef Augmenter)> _tickets = [];
    private readonly LinkedList<Pending> _waiting = new();
    private long _nextTicket;
    private long _served;
    private long _images;
    private int _maxInFlight;

    public AugmenterPool(AugmenterSettings settings, Props augmenterProps)
    {
        _settings = settings;
        for (var i = 0; i < settings.PoolSize; i++)
        {
            var augmenter = Context.ActorOf(augmenterProps, $"augmenter-{i}");
            _augmenters.Add(augmenter);
            _outstanding[augmenter] = 0;
        }
        Receive<AugmentRequest>(OnRequest);
        Receive<Augmenter.Done>(OnDone);
        Receive<GetAugmenterPoolStats>(_ => Sender.Tell(new AugmenterPoolStats(_augmenters.Count, _served, _images, _maxInFlight, _waiting.Count)));
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    /// <summary>A pool of MUNIT augmenters on pinned threads, as the engine runs it.</summary>
    public static Props Props(AugmenterSettings settings) =>
        Props(settings, Augmenter.Props(MunitStyleSampler.Load, settings.ResolvedDevice));

    /// <summary>A pool over any augmenter props (tests give fake samplers).</summary>
    public static Props Props(AugmenterSettings settings, Props augmenterProps) =>
        Akka.Actor.Props.Create(() => new AugmenterPool(settings, augmenterProps));

    private void OnRequest(AugmentRequest request)
    {
        if (!_inFlight.ContainsKey(Sender))
        {
            _inFlight[Sender] = 0;
            Context.Watch(Sender);
        }
        _waiting.AddLast(new Pending(_nextTicket++, Sender, request));
        Dispatch();
    }

    private void OnDone(Augmenter.Done done)
    {
        if (!_tickets.Remove(done.Ticket, out var owner)) return;
        _outstanding[owner.Augmenter]--;
        if (_inFlight.ContainsKey(owner.Requester)) _inFlight[owner.Requester]--;
        _served++;
        if (done.Reply is AugmentResponse response) _images += response.Count;
        owner.Requester.Tell(done.Reply);
        Dispatch();
    }

    /// <summary>Hands waiting requests to free augmenters, oldest first, skipping requesters at their limit.</summary>
    private void Dispatch()
    {
        for (var node = _waiting.First; node is not null;)
        {
            var next = node.Next;
            var augmenter = _augmenters.MinBy(a => _outstanding[a])!;
            if (_outstanding[augmenter] >= OutstandingPerAugmenter) return;
            var pending = node.Value;
            if (_inFlight[pending.Requester] < _settings.MaxInFlightPerRequester)
            {
                _waiting.Remove(node);
                _outstanding[augmenter]++;
                _maxInFlight = Math.Max(_maxInFlight, ++_inFlight[pending.Requester]);
                _tickets[pending.Ticket] = (pending.Requester, augmenter);
                augmenter.Tell(new Augmenter.Work(pending.Ticket, pending.Request));
            }
            node = next;
        }
    }

    /// <summary>A stopped requester's waiting requests are dropped; its in-flight ones finish and are discarded.</summary>
    private void Forget(IActorRef requester)
    {
        _inFlight.Remove(requester);
        for (var node = _waiting.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Requester.Equals(requester)) _waiting.Remove(node);
            node = next;
        }
    }
}
