using GitActors.Host.Cluster;

namespace GitActors.Host.Tests.Cluster;

/// <summary>
/// Mutual TLS between real `gitactors node` processes (trainer members: no journal needed): members whose certificates
/// the cluster CA signed form a cluster, and a `sweep run --cluster` client with such a certificate joins it; a member with another CA's certificate, one without TLS, and a TLS member
/// facing a cluster without TLS never become Up anywhere. Bad TLS files end the node with one line and exit code 2.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ClusterTlsTests(ClusterPostgres postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    /// <summary>How long refused members are watched: joins are retried every 5 s, an association times out after 15 s.</summary>
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Until the seed refuses the stranger's certificate: usually within seconds, but on a loaded 2-core machine a first
    /// association was seen to hang until Akka's 15 s associate timeout before a retry was refused.
    /// </summary>
    private static readonly TimeSpan Refusal = TimeSpan.FromMinutes(3);

    /// <summary>What Akka.Remote logs when an association gets no answer (a TLS 1.3 server that refused us silently).</summary>
    private const string AssociateTimeout = "No response from remote for outbound association";

    [Fact]
    public async Task Members_and_a_client_with_certificates_of_the_cluster_CA_join_and_a_stranger_or_a_plain_node_cannot()
    {
        using var temp = new TempFolder();
        var pki = new TestPki(temp.Path);
        using var nodes = new NodeProcesses(temp.Path, postgres.Server.CreateDatabase("cluster_tls"));
        var first = await nodes.StartAsync("trainer", Startup, extra: pki.Member("member-1"));
        var second = await nodes.StartAsync("trainer", Startup, extra: pki.Member("member-2"));
        Assert.StartsWith("akka.ssl.tcp://gitactors@127.0.0.1:", first.Address);
        foreach (var node in new[] { first, second })
            foreach (var member in new[] { first, second })
                await node.Process.WaitForLineAsync("member up " + member.Address, Startup);
        // A `sweep run --cluster` client with a certificate of the cluster CA joins too (a member without roles; with no
        // coordinator in this cluster it would wait for one, so it is stopped once it is Up).
        using (var client = CliProcess.Start(temp.Path, ["sweep", "run", temp.File("tiny.conf", TinySweep.Text), "--cluster", first.Address, .. pki.Member("client")]))
            await first.Process.WaitForLineAsync("roles []", Startup);

        var stranger = await nodes.StartAsync("trainer", Startup, extra: pki.Stranger("stranger"));
        var plain = await nodes.StartAsync("trainer", Startup, seed: "akka.tcp://gitactors@" + first.Name);
        NodeProcess[] outsiders = [stranger, plain];
        // The seed refuses the stranger's certificate, naming it; the plain node's bytes are no TLS handshake at all.
        await WatchNeverUpAsync(nodes, outsiders, Refusal, () => first.Process.Stdout.Contains("CN=stranger (issued by", StringComparison.Ordinal));
        await WatchNeverUpAsync(nodes, outsiders, Refused);

        output.WriteLine(nodes.Logs());
        foreach (var outsider in outsiders) Assert.DoesNotContain("member up", outsider.Process.Stdout);
        Assert.Matches("TLS: refused .*: its certificate CN=stranger \\(issued by CN=Some other CA\\) does not chain to the cluster CA", first.Process.Stdout);
        // Under TLS 1.3 the client may finish its side of the handshake before the server checks the client's
        // certificate: then the stranger sees only a connection that never answers (Akka's associate timeout) and
        // keeps trying; when it sees the refusal itself, Akka.Remote stops it and the node exits 6. Either takes a while
        // (the associate timeout, or the exit), so wait for one of them.
        var deadline = DateTime.UtcNow + Startup;
        while (!stranger.Process.HasExited && !stranger.Process.Stdout.Contains(AssociateTimeout, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        if (stranger.Process.HasExited)
        {
            Assert.Equal(NodeExit.TlsRefused, await stranger.Process.WaitForExitAsync(Startup));
            Assert.Contains("TLS handshake failed (Client side)", stranger.Process.Stdout);
            Assert.Contains("error: a TLS handshake with a cluster peer failed", stranger.Process.Stderr);
        }
        else
        {
            Assert.Contains(AssociateTimeout, stranger.Process.Stdout);
        }
        Assert.False(plain.Process.HasExited);
    }

    /// <summary>
    /// Watches for <paramref name="timeout"/>, or until <paramref name="until"/> holds (then it must within the
    /// timeout), failing at once if any node, an outsider itself included, reports an outsider Up.
    /// </summary>
    private static async Task WatchNeverUpAsync(NodeProcesses nodes, IReadOnlyList<NodeProcess> outsiders, TimeSpan timeout, Func<bool>? until = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var outsider in outsiders)
                Assert.False(nodes.Nodes.Any(n => n.Process.Stdout.Contains("member up " + outsider.Address, StringComparison.Ordinal)),
                    $"{outsider.Address} became Up\n{nodes.Logs()}");
            if (until?.Invoke() == true) return;
            await Task.Delay(200);
        }
        if (until is not null) throw new TimeoutException($"not seen within {timeout}\n{nodes.Logs()}");
    }

    [Fact]
    public async Task A_TLS_member_cannot_join_a_cluster_without_TLS()
    {
        using var temp = new TempFolder();
        var pki = new TestPki(temp.Path);
        using var nodes = new NodeProcesses(temp.Path, postgres.Server.CreateDatabase("cluster_tls_plain"));
        var plain = await nodes.StartAsync("trainer", Startup);
        await plain.Process.WaitForLineAsync("member up " + plain.Address, Startup);

        var secured = await nodes.StartAsync("trainer", Startup, extra: pki.Member("member-1"), seed: "akka.ssl.tcp://gitactors@" + plain.Name);
        await WatchNeverUpAsync(nodes, [secured], Refused);

        output.WriteLine(nodes.Logs());
        Assert.DoesNotContain("member up " + secured.Address, plain.Process.Stdout);
        Assert.DoesNotContain("member up", secured.Process.Stdout);
    }

    [Theory]
    [InlineData("missing", "TLS certificate '{pki}/nowhere.pfx' does not exist")]
    [InlineData("password", "TLS certificate '{pki}/member.pfx' is not a PKCS#12 (.pfx) file this password opens")]
    [InlineData("ca", "TLS CA certificate '{pki}/member.pfx' is not an X.509 certificate (PEM or DER)")]
    [InlineData("no-ca", "TLS needs the cluster's CA certificate (--tls-ca PATH")]
    public async Task A_node_with_unusable_TLS_files_exits_with_one_line_and_code_2(string fault, string expected)
    {
        using var temp = new TempFolder();
        var pki = new TestPki(temp.Path);
        var member = pki.Member("member");
        var (pfx, ca) = (member[1], pki.ClusterCa);
        string[] tls = fault switch
        {
            "missing" => ["--tls-certificate", Path.Combine(Path.GetDirectoryName(pfx)!, "nowhere.pfx"), "--tls-password", TestPki.Password, "--tls-ca", ca],
            "password" => ["--tls-certificate", pfx, "--tls-password", "wrong", "--tls-ca", ca],
            "ca" => ["--tls-certificate", pfx, "--tls-password", TestPki.Password, "--tls-ca", pfx],
            _ => ["--tls-certificate", pfx, "--tls-password", TestPki.Password],
        };

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Startup,
            ["node", "--roles", "trainer", "--port", "0", "--checkpoints", Path.Combine(temp.Path, "checkpoints"), .. tls]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: " + expected.Replace("{pki}", Path.GetDirectoryName(pfx)), line);
    }
}
