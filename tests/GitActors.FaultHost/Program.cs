using GitActors.FaultHost;
using GitActors.Host;
using GitActors.Models.Experiments.Faults;

// gitactors-faults [--fault-at POINT | --fault-fail POINT] [--fault-in any|munit|git|plain] ARGS...: `gitactors ARGS...`
// with one fault point, where the process is held (--fault-at) or the run fails (--fault-fail).
var rest = new List<string>(args);
IFaultPoints faults = NoFaultPoints.Instance;
var at = Take(rest, "--fault-at");
var fail = Take(rest, "--fault-fail");
var filter = Take(rest, "--fault-in") is { } kind ? Enum.Parse<RunFilter>(kind, ignoreCase: true) : RunFilter.Any;
// The marker goes to the real stdout even when a command sends its progress to stderr (--json).
if (at is not null) faults = HoldingFaultPoints.Parse(at, filter, Console.Out, Console.In);
else if (fail is not null) faults = FailingFaultPoints.Parse(fail, filter);
return await GitActorsCli.RunAsync([.. rest], faults);

static string? Take(List<string> args, string option)
{
    var i = args.IndexOf(option);
    if (i < 0 || i + 1 >= args.Count) return null;
    var value = args[i + 1];
    args.RemoveRange(i, 2);
    return value;
}
