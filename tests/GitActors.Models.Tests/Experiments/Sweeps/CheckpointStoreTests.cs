using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;
using GitActors.Models.Storage;

namespace GitActors.Models.Tests.Experiments.Sweeps;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gitactors-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Action<Stream> Bytes(byte[] content) => s => s.Write(content);

    [Fact]
    public void Paths_follow_the_checkpoint_layout_and_name_the_attempts_fencing_token()
    {
        Assert.Equal(Path.Combine("/out", "checkpoints", "sw", "run-1", "epoch-0007.t12.ckpt"), CheckpointStore.PathFor("/out", "sw", "run-1", 7, 12));
        Assert.Equal(Path.Combine("/out", "artifacts", "sw", "job-1", "t12", "generator.munit"), CheckpointStore.ArtifactPath("/out", "sw", "job-1", 12, "generator.munit"));
        // Two attempts of one run never share a file.
        Assert.NotEqual(CheckpointStore.PathFor("/out", "sw", "run-1", 7, 12), CheckpointStore.PathFor("/out", "sw", "run-1", 7, 13));
        Assert.NotEqual(CheckpointStore.ArtifactPath("/out", "sw", "job-1", 12, "g"), CheckpointStore.ArtifactPath("/out", "sw", "job-1", 13, "g"));
    }

    [Fact]
    public void A_truncated_file_fails_verification_with_a_reason_naming_file_and_hashes()
    {
        var path = CheckpointStore.PathFor(_root, "sw", "run-1", 2, 1);
        var sha = AtomicFile.Write(path, Bytes(new byte[1000]));
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(600);

        Assert.False(CheckpointStore.Verify(path, sha));
        var problem = CheckpointStore.Problem(path, sha)!;
        Assert.Contains(path, problem);
        Assert.Contains("600 bytes", problem);
        Assert.Contains($"expected {sha}", problem);
    }

    [Fact]
    public void A_single_flipped_bit_or_a_missing_file_fails_verification()
    {
        var path = CheckpointStore.PathFor(_root, "sw", "run-1", 3, 1);
        var sha = AtomicFile.Write(path, Bytes(new byte[64]));
        var bytes = File.ReadAllBytes(path);
        bytes[17] ^= 0x04;
        File.WriteAllBytes(path, bytes);

        Assert.False(CheckpointStore.Verify(path, sha));
        Assert.False(CheckpointStore.Verify(Path.Combine(_root, "absent.ckpt"), sha));
        Assert.Contains("missing", CheckpointStore.Problem(Path.Combine(_root, "absent.ckpt"), sha));
    }
}
