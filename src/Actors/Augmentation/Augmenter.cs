using Akka.Event;

namespace GitActors.Actors.Augmentation;

/// <summary>
/// One worker of the pool: holds frozen generators (each loaded once per path and hash, verified) and transforms one
/// request at a time on its own pinned thread, so TorchSharp's per-thread state and the non-thread-safe modules stay
/// with it. It answers its pool, which forwards to the requester.
/// </summary>
public sealed class Augmenter : ReceiveActor
{
    internal sealed record Work(long Ticket, AugmentRequest Request);

    internal sealed record Done(long Ticket, object Reply);

    private readonly StyleSamplerLoader _loader;
    private readonly string _device;
    private readonly Dictionary<GeneratorRef, IStyleSampler> _samplers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public Augmenter(StyleSamplerLoader loader, string device)
    {
        _loader = loader;
        _device = device;
        Receive<Work>(w => Sender.Tell(new Done(w.Ticket, Transform(w.Request))));
    }

    public static Props Props(StyleSamplerLoader loader, string device, bool pinned = true)
    {
        var props = Akka.Actor.Props.Create(() => new Augmenter(loader, device));
        return pinned ? props.WithDispatcher(AugmenterSettings.Dispatcher) : props;
    }

    private object Transform(AugmentRequest request)
    {
        try
        {
            request.Validate();
            if (!_samplers.TryGetValue(request.Generator, out var sampler))
            {
                sampler = _loader(request.Generator, _device);
                _samplers[request.Generator] = sampler;
                _log.Info("augmenter loaded the generator of MUNIT job {0} from {1} on {2}", request.Generator.JobRunId, request.Generator.Path, _device);
            }
            var images = sampler.Transform(request);
            if (images.Length != request.Count * request.Shape.PixelCount)
                throw new InvalidOperationException($"the sampler returned {images.Length} values for {request.Count} images of {request.Shape}");
            return new AugmentResponse(request.RequestId, images, request.Count);
        }
        catch (Exception e)
        {
            return new AugmentFailed(request.RequestId, $"{e.GetType().Name}: {e.Message}");
        }
    }

    // On the actor's own thread, where the modules live.
    protected override void PostStop()
    {
        foreach (var sampler in _samplers.Values) sampler.Dispose();
        _samplers.Clear();
    }
}
