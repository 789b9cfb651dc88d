using GitActors.Host;
using GitActors.Models.Experiments.Faults;

return await GitActorsCli.RunAsync(args, NoFaultPoints.Instance);
