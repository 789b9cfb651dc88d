using Akka.Actor;

namespace GitActors.Host.Cluster;

/// <summary>
/// A `gitactors node` process's exit code: 0 when it was asked to stop (Ctrl+C, SIGTERM), non-zero when the cluster
/// downed it (a partition, a long pause), so a service manager that restarts failed units brings it back and it joins
/// again as a new member, and non-zero when a TLS handshake it started failed (Akka.Remote stops the system then).
/// </summary>
public static class NodeExit
{
    /// <summary>The cluster downed this member (split-brain resolver or an operator's `down`).</summary>
    public const int Downed = 4;

    /// <summary>A peer refused this member's certificate, or this member refused the peer's (or the peer has no TLS).</summary>
    public const int TlsRefused = 6;

    /// <summary>Akka.Remote's reason for stopping after a failed outbound TLS handshake; the type is internal, so known by name.</summary>
    private const string TlsFailure = "Akka.Remote.Transport.DotNetty.TlsHandshakeFailureReason";

    public static int Code(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterDowningReason => Downed,
        not null when reason.GetType().FullName == TlsFailure => TlsRefused,
        _ => 0,
    };
}
