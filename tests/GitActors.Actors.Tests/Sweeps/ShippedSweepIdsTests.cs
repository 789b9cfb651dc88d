namespace GitActors.Actors.Tests.Sweeps;

/// <summary>
/// The run and sweep ids of the shipped sweep files, pinned as literals. They key users' journals: a finished run is
/// recognised by its id, so a change to the canonical config JSON (a new field, a renamed one, a new default) that moves
/// an id would make every existing journal retrain that run. A new setting must leave these ids alone at its default.
/// The literals were computed by the code of 2026-12-01 (main at a9d67ec); never regenerate them to make this pass.
/// </summary>
public sealed class ShippedSweepIdsTests
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "sweeps", name);

    public static TheoryData<string> Files => ["quickstart.conf", "k49-lt.conf", "cifar10-lt.conf", "fmnist-git.conf"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_run_of_a_shipped_sweep_file_keeps_its_pinned_id(string file)
    {
        var (sweepId, runs) = Pinned[file];
        var plan = SweepSpecParser.Load(Example(file)).Expand();

        Assert.Equal(runs, plan.Runs.Select(r => (r.Label, r.RunId)).ToArray());
        Assert.Equal(sweepId, plan.SweepId);
    }

    private static readonly Dictionary<string, (string SweepId, (string Label, string RunId)[] Runs)> Pinned = new()
    {
        ["quickstart.conf"] = ("74690977aba93b47",
        [
            ("fmnist-bg-lt/o0/simplecnn/erm/s1", "1d6829d4c3d2b1cf"),
            ("fmnist-bg-lt/o0/simplecnn/ce+drs/s1", "40c3bcede376f203"),
        ]),
        ["k49-lt.conf"] = ("d5a667cd73fc2a77",
        [
            ("k49-bg-lt/o0/munit/s1", "b42a350ef7a50792"),
            ("k49-bg-lt/o0/resnet20/erm/s1", "6eba1a18bc5fa349"),
            ("k49-bg-lt/o0/resnet20/ce+drs/s1", "8517c3006e65c99e"),
            ("k49-bg-lt/o0/resnet20/ce+drs+git/s1", "c6ee3a9461308e78"),
            ("k49-bg-lt/o0/resnet20/ce+drs+oracle/s1", "cc179c20102df7f3"),
            ("k49-bg-lt/o0/resnet20/ldam+drs/s1", "6cc34a45f5ff9659"),
            ("k49-bg-lt/o0/resnet20/ldam+drs+git/s1", "3f2448c7c11bdf8a"),
            ("k49-bg-lt/o0/resnet20/erm/s2", "e78548a2e45fef81"),
            ("k49-bg-lt/o0/resnet20/ce+drs/s2", "3f86e1f2dede095b"),
            ("k49-bg-lt/o0/resnet20/ce+drs+git/s2", "68255e9c210919b4"),
            ("k49-bg-lt/o0/resnet20/ce+drs+oracle/s2", "fca7600e0e357574"),
            ("k49-bg-lt/o0/resnet20/ldam+drs/s2", "2ab4e0715466e75b"),
            ("k49-bg-lt/o0/resnet20/ldam+drs+git/s2", "074bd1ff3bea1541"),
            ("k49-bg-lt/o0/resnet20/erm/s3", "26025f84a438f9cb"),
            ("k49-bg-lt/o0/resnet20/ce+drs/s3", "1a50c64678709082"),
            ("k49-bg-lt/o0/resnet20/ce+drs+git/s3", "a2ed63633bf6cf0a"),
            ("k49-bg-lt/o0/resnet20/ce+drs+oracle/s3", "072aa0dc12200563"),
            ("k49-bg-lt/o0/resnet20/ldam+drs/s3", "8cf5b0c794af91a3"),
            ("k49-bg-lt/o0/resnet20/ldam+drs+git/s3", "23498d02d52cf2cc"),
            ("k49-dil-lt/o0/munit/s1", "8650aa801c3c53cb"),
            ("k49-dil-lt/o0/resnet20/erm/s1", "0f8bd2220203b868"),
            ("k49-dil-lt/o0/resnet20/ce+drs/s1", "41eb07c8dd183979"),
            ("k49-dil-lt/o0/resnet20/ce+drs+git/s1", "4939bce84e38f541"),
            ("k49-dil-lt/o0/resnet20/ce+drs+oracle/s1", "4a6032ef8155dfe9"),
            ("k49-dil-lt/o0/resnet20/ldam+drs/s1", "8b3663c37ebee723"),
            ("k49-dil-lt/o0/resnet20/ldam+drs+git/s1", "a2965d749944cf7c"),
            ("k49-dil-lt/o0/resnet20/erm/s2", "7adb51b0191bd851"),
            ("k49-dil-lt/o0/resnet20/ce+drs/s2", "259e6059c406ae2e"),
            ("k49-dil-lt/o0/resnet20/ce+drs+git/s2", "dcb49e98c9c22ce8"),
            ("k49-dil-lt/o0/resnet20/ce+drs+oracle/s2", "db8dae00e050dd09"),
            ("k49-dil-lt/o0/resnet20/ldam+drs/s2", "288389413911aff4"),
            ("k49-dil-lt/o0/resnet20/ldam+drs+git/s2", "5ba4fd958a8cd076"),
            ("k49-dil-lt/o0/resnet20/erm/s3", "110f99770cffa5e7"),
            ("k49-dil-lt/o0/resnet20/ce+drs/s3", "098cda0273df53ab"),
            ("k49-dil-lt/o0/resnet20/ce+drs+git/s3", "1421f16b0dbfddba"),
            ("k49-dil-lt/o0/resnet20/ce+drs+oracle/s3", "c18440d5abd97de0"),
            ("k49-dil-lt/o0/resnet20/ldam+drs/s3", "645109d012cbc467"),
            ("k49-dil-lt/o0/resnet20/ldam+drs+git/s3", "18e767be604f34db"),
        ]),
        ["cifar10-lt.conf"] = ("3e9168ad8a80ce0d",
        [
            ("cifar10-lt/o0/munit/s1", "8bc0eaf3ae2261e2"),
            ("cifar10-lt/o0/resnet32/erm/s1", "938c3b904f2d1001"),
            ("cifar10-lt/o0/resnet32/ce+drs/s1", "abb0d175468fb07a"),
            ("cifar10-lt/o0/resnet32/ldam+drs/s1", "1238c4af8e857abf"),
            ("cifar10-lt/o0/resnet32/ldam+drs+git/s1", "d3d81dae51845629"),
            ("cifar10-lt/o0/resnet32/erm/s2", "48fd06261ba40c48"),
            ("cifar10-lt/o0/resnet32/ce+drs/s2", "9bd0d8c5ea2865cc"),
            ("cifar10-lt/o0/resnet32/ldam+drs/s2", "337a587605d9a50c"),
            ("cifar10-lt/o0/resnet32/ldam+drs+git/s2", "1e36375cc954f244"),
            ("cifar10-lt/o0/resnet32/erm/s3", "c7865c4b72fec20d"),
            ("cifar10-lt/o0/resnet32/ce+drs/s3", "b3e3bcfa0c30645f"),
            ("cifar10-lt/o0/resnet32/ldam+drs/s3", "c3d0731fe394d134"),
            ("cifar10-lt/o0/resnet32/ldam+drs+git/s3", "5fdf8a4af30a0ee2"),
        ]),
        ["fmnist-git.conf"] = ("95bb0dbb8c442959",
        [
            ("fmnist-bg-lt/o0/munit/s1", "c273b734d68712c3"),
            ("fmnist-bg-lt/o0/resnet20/ce+drs/s1", "a85821e27d6d0bf9"),
            ("fmnist-bg-lt/o0/resnet20/ce+drs+git/s1", "088671f4387b8eeb"),
            ("fmnist-bg-lt/o0/resnet20/ce+drs+oracle/s1", "9732756e42d42d9b"),
            ("fmnist-bg-lt/o0/resnet20/ce+drs/s2", "0ac482577fe3fef0"),
            ("fmnist-bg-lt/o0/resnet20/ce+drs+git/s2", "cc93b236baa62e67"),
            ("fmnist-bg-lt/o0/resnet20/ce+drs+oracle/s2", "5e95d758b6ad8437"),
            ("fmnist-bg-lt/o1/munit/s1", "ec9c9a463da10e97"),
            ("fmnist-bg-lt/o1/resnet20/ce+drs/s1", "7f18ee9735a22f08"),
            ("fmnist-bg-lt/o1/resnet20/ce+drs+git/s1", "6d111711efc07200"),
            ("fmnist-bg-lt/o1/resnet20/ce+drs+oracle/s1", "533c74d4d745eb85"),
            ("fmnist-bg-lt/o1/resnet20/ce+drs/s2", "31fa7e6ec7425531"),
            ("fmnist-bg-lt/o1/resnet20/ce+drs+git/s2", "554a3d1e0f20c76d"),
            ("fmnist-bg-lt/o1/resnet20/ce+drs+oracle/s2", "60c72caf3a62cca8"),
            ("fmnist-bg-lt/o2/munit/s1", "24d92c533dbc3384"),
            ("fmnist-bg-lt/o2/resnet20/ce+drs/s1", "cd9765f54ccb576c"),
            ("fmnist-bg-lt/o2/resnet20/ce+drs+git/s1", "e9660cac5a614ffb"),
            ("fmnist-bg-lt/o2/resnet20/ce+drs+oracle/s1", "3c4bc6f296450cd7"),
            ("fmnist-bg-lt/o2/resnet20/ce+drs/s2", "6fb4174de7e3b0f5"),
            ("fmnist-bg-lt/o2/resnet20/ce+drs+git/s2", "c1c22ea3e95c1d93"),
            ("fmnist-bg-lt/o2/resnet20/ce+drs+oracle/s2", "df7a00f8fba72543"),
            ("fmnist-rot-lt/o0/munit/s1", "1982fba6a31afc14"),
            ("fmnist-rot-lt/o0/resnet20/ce+drs/s1", "63c3dda0626441d6"),
            ("fmnist-rot-lt/o0/resnet20/ce+drs+git/s1", "4df01ad12829185e"),
            ("fmnist-rot-lt/o0/resnet20/ce+drs+oracle/s1", "33563b53e3f492b2"),
            ("fmnist-rot-lt/o0/resnet20/ce+drs/s2", "34d2ff1ab04c8fa6"),
            ("fmnist-rot-lt/o0/resnet20/ce+drs+git/s2", "6969db3988519675"),
            ("fmnist-rot-lt/o0/resnet20/ce+drs+oracle/s2", "9f44355c4c4d79ec"),
            ("fmnist-rot-lt/o1/munit/s1", "18cbf9b70bab5a13"),
            ("fmnist-rot-lt/o1/resnet20/ce+drs/s1", "a69d25700bac1569"),
            ("fmnist-rot-lt/o1/resnet20/ce+drs+git/s1", "5834b391a1aa68e0"),
            ("fmnist-rot-lt/o1/resnet20/ce+drs+oracle/s1", "6f98490e401dcc17"),
            ("fmnist-rot-lt/o1/resnet20/ce+drs/s2", "c417f5c5b541b073"),
            ("fmnist-rot-lt/o1/resnet20/ce+drs+git/s2", "4f930a0b504242d1"),
            ("fmnist-rot-lt/o1/resnet20/ce+drs+oracle/s2", "52365c68a86f3fb1"),
            ("fmnist-rot-lt/o2/munit/s1", "56df554546de225d"),
            ("fmnist-rot-lt/o2/resnet20/ce+drs/s1", "b6270d504588a9fa"),
            ("fmnist-rot-lt/o2/resnet20/ce+drs+git/s1", "e0e62343c43bcada"),
            ("fmnist-rot-lt/o2/resnet20/ce+drs+oracle/s1", "c444c2182a11e7af"),
            ("fmnist-rot-lt/o2/resnet20/ce+drs/s2", "a27740b05d4502ad"),
            ("fmnist-rot-lt/o2/resnet20/ce+drs+git/s2", "285dda7ced1725a4"),
            ("fmnist-rot-lt/o2/resnet20/ce+drs+oracle/s2", "48f4063d8a414571"),
        ]),
    };
}
