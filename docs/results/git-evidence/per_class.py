#!/usr/bin/env python3
"""Per-class evidence for issue 11 from committed sweep exports: for each data set, the smallest third of the classes
(ceil(C/3) by training count), and per seed the eKLD under the true nuisance and the accuracy of CE+DRS+GIT minus
CE+DRS, beside what the sweep's generator does to each class (relative content kept, own-style reconstruction).
Usage: per_class.py SWEEP_FOLDER [SWEEP_FOLDER ...]   (folders holding journal-export.json and munit/eval-*.json)"""
import glob, json, math, os, sys

NAMES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"]


def runs_by(export, dataset, method):
    return {r["Config"]["Seed"]: r for r in export["Runs"]
            if r.get("Kind", "Classifier") == "Classifier" and r["State"] == "Completed" and r.get("Result")
            and r["Label"].startswith(dataset + "/") and r["Label"].split("/")[3] == method}


def true_ekld(result, transform):
    return next(e for e in result["Ekld"] if e["Transform"] == transform)["PerClassEkld"]


def report(folder):
    export = json.load(open(os.path.join(folder, "journal-export.json")))
    print(f"## {os.path.basename(os.path.normpath(folder))} (sweep {export['SweepId']})\n")
    for dataset, transform, variant in [("fmnist-dil-lt", "dil", "dil"), ("fmnist-bg-lt", "bg", "bg")]:
        for plain, git in [("ce+drs", "ce+drs+git"), ("ldam+drs", "ldam+drs+git")]:
            a, b = runs_by(export, dataset, plain), runs_by(export, dataset, git)
            seeds = sorted(set(a) & set(b))
            if not seeds:
                continue
            counts = a[seeds[0]]["Result"]["TrainClassCounts"]
            small = sorted(range(len(counts)), key=lambda c: counts[c])[:math.ceil(len(counts) / 3)]
            evals = sorted(glob.glob(os.path.join(folder, "munit", f"eval-{variant}-*.json")), key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0]))
            kept = {c["label"]: c for c in json.load(open(evals[-1]))["classes"]} if evals else {}
            print(f"### {dataset}: {git} minus {plain}, the smallest third {[NAMES[c] for c in small]}\n")
            print("| class | train images | " + " | ".join(f"eKLD s{s}" for s in seeds) + " | "
                  + " | ".join(f"acc. s{s} (points)" for s in seeds) + " | relative content kept | own-style recon. |")
            print("|---|---|" + "---|" * (2 * len(seeds) + 2))
            for c in small:
                de = [true_ekld(b[s]["Result"], transform)[c] - true_ekld(a[s]["Result"], transform)[c] for s in seeds]
                da = [100 * (b[s]["Result"]["PerClassAccuracy"][c] - a[s]["Result"]["PerClassAccuracy"][c]) for s in seeds]
                k = kept.get(c)
                print(f"| {NAMES[c]} | {counts[c]} | " + " | ".join(f"{x:+.4f}" for x in de) + " | "
                      + " | ".join(f"{x:+.1f}" for x in da) + " | "
                      + (f"{k['relativeContentKept']:.2f} | {k['reconstructionKept']:.2f} |" if k else "- | - |"))
            mean = [sum(true_ekld(b[s]["Result"], transform)[c] - true_ekld(a[s]["Result"], transform)[c] for c in small) / len(small) for s in seeds]
            bal = [100 * (b[s]["Result"]["BalancedAccuracy"] - a[s]["Result"]["BalancedAccuracy"]) for s in seeds]
            print(f"| **smallest third** | | " + " | ".join(f"**{x:+.4f}**" for x in mean) + " | "
                  + " | ".join(f"bal. {x:+.2f}" for x in bal) + " | | |\n")


for f in sys.argv[1:]:
    report(f)
