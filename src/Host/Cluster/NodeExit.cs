using Akka.Actor;

namespace GitActors.Host.Cluster;

/// <summary>
/// A `gitactors node` process's exit code: 0 when it was asked to stop (Ctrl+C, SIGTERM), non-zero when the cluster
/// downed it (a partition, a long pause), so a service manager that restarts failed units brings it back and it joins
/// again as a new member.
/// </summary>
public static class NodeExit
{
    /// <summary>The cluster downed this member (split-brain resolver or an operator's `down`).</summary>
    public const int Downed = 4;

    public static int Code(CoordinatedShutdown.Reason? reason) => reason is CoordinatedShutdown.ClusterDowningReason ? Downed : 0;
}
