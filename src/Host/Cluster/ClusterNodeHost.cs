using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using GitActors.Actors.Cluster;

namespace GitActors.Host.Cluster;

/// <summary>
/// Starts a member for the CLI: names it as told (else ClusterNode names it by the host:port it bound), forms a new
/// cluster when it has no seed (it joins itself: with port 0 a first member cannot name its own address beforehand),
/// and prints membership changes.
/// </summary>
internal static class ClusterNodeHost
{
    public static ClusterNode Start(ClusterNodeOptions options, string? name)
    {
        if (name is not null)
        {
            var naming = ConfigurationFactory.ParseString($"gitactors.node = {Newtonsoft.Json.JsonConvert.ToString(name)}");
            options = options with { Overrides = options.Overrides is null ? naming : options.Overrides.WithFallback(naming) };
        }
        var node = ClusterNode.Start(options);
        node.System.ActorOf(Props.Create(() => new MembershipPrinter()), "membership-printer");
        if (options.Cluster.Seeds.Count == 0) Akka.Cluster.Cluster.Get(node.System).Join(node.Address);
        return node;
    }

    /// <summary>One line per join, leave, unreachable and removal, on stdout (the node's log for an operator).</summary>
    private sealed class MembershipPrinter : ReceiveActor
    {
        public MembershipPrinter()
        {
            var cluster = Akka.Cluster.Cluster.Get(Context.System);
            Receive<ClusterEvent.MemberUp>(m => Print($"member up {m.Member.Address} roles [{string.Join(",", m.Member.Roles)}]"));
            Receive<ClusterEvent.MemberLeft>(m => Print($"member leaving {m.Member.Address}"));
            Receive<ClusterEvent.UnreachableMember>(m => Print($"member unreachable {m.Member.Address}"));
            Receive<ClusterEvent.MemberRemoved>(m => Print($"member removed {m.Member.Address} (was {m.PreviousStatus})"));
            Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
            cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember));
        }

        private static void Print(string line) => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
    }
}
