using GitActors.Actors.Hosting;
using GitActors.Host;

return await GitActorsCli.RunAsync(args, NoFaultPoints.Instance);
