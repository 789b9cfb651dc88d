using Akka.Actor;
using Akka.Configuration;
using GitActors.Actors.Augmentation;
using GitActors.Actors.Hosting;
using GitActors.Models.Data;
using GitActors.Models.Storage;
using GitActors.Models.Training.Munit;

namespace GitActors.Host.Bench;

/// <summary>
/// Augmenter pool throughput: one requester (as a GIT run's loader) keeps its allowed requests in flight, each the
/// GIT rows of one batch (Round(p |B|) images), against a generator of the given recipe's width; reported in images/s.
/// </summary>
internal static class AugmentBench
{
    public static async Task<double> ImagesPerSecond(MunitRecipe recipe, int poolSize, int maxInFlight, int rowsPerRequest, int warmup, int requests, string folder)
    {
        var shape = new ImageShape(1, 28, 28);
        var path = Path.Combine(folder, "bench-generator.munit");
        string sha;
        using (var trainer = new MunitTrainer(recipe.TrainerOptions(shape), seed: 0))
            sha = AtomicFile.Write(path, file => trainer.SaveTranslator(file, MunitTranslation.AToB));
        var generator = new GeneratorRef("bench", path, sha);
        var system = EngineSystem.Create("bench", EngineSystem.InMemoryPersistence, ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        try
        {
            var pool = system.ActorOf(AugmenterPool.Props(new AugmenterSettings(poolSize, maxInFlight, "cpu")));
            var images = new float[rowsPerRequest * shape.PixelCount];
            var random = new Random(0);
            for (var i = 0; i < images.Length; i++) images[i] = (float)(random.NextDouble() * 4 - 1);
            var next = 0L;
            async Task Run(int count)
            {
                // The requester's window: as many requests outstanding as the pool lets one requester have.
                var window = new List<Task<object>>();
                for (var i = 0; i < count; i++)
                {
                    if (window.Count == maxInFlight) window.Remove(await Task.WhenAny(window).ConfigureAwait(false));
                    window.Add(pool.Ask<object>(new AugmentRequest(++next, generator, images, shape, [0.3f], [0.3f], rowsPerRequest, (ulong)i), TimeSpan.FromMinutes(5)));
                }
                foreach (var reply in await Task.WhenAll(window).ConfigureAwait(false))
                    if (reply is AugmentFailed failed) throw new InvalidOperationException(failed.Reason);
            }
            await Run(warmup).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await Run(requests).ConfigureAwait(false);
            return (double)requests * rowsPerRequest / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
            File.Delete(path);
        }
    }
}
