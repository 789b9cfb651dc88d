using GitActors.Host;

return await GitActorsCli.RunAsync(args, NoFaultPoints.Instance);
