using GitActors.Actors.Hosting;
using GitActors.FaultHost;
using GitActors.Host;

// gitactors-faults [--fault-at POINT [--fault-in any|munit|git|plain]] ARGS...: `gitactors ARGS...` with one fault point.
var rest = new List<string>(args);
IFaultPoints faults = NoFaultPoints.Instance;
var at = Take(rest, "--fault-at");
var filter = Take(rest, "--fault-in") is { } kind ? Enum.Parse<RunFilter>(kind, ignoreCase: true) : RunFilter.Any;
// The marker goes to the real stdout even when a command sends its progress to stderr (--json).
if (at is not null) faults = HoldingFaultPoints.Parse(at, filter, Console.Out, Console.In);
return await GitActorsCli.RunAsync([.. rest], faults);

static string? Take(List<string> args, string option)
{
    var i = args.IndexOf(option);
    if (i < 0 || i + 1 >= args.Count) return null;
    var value = args[i + 1];
    args.RemoveRange(i, 2);
    return value;
}
