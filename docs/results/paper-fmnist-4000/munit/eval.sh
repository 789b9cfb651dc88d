#!/bin/bash
# Judge the sweep's own generators (sweep 9a6a3f0a75351856, 4,000 iterations each), 4 style samples per test image for
# content kept (standard error about 0.005), with the judges cached by earlier sessions.
OUT=/work/runs/paper4000/artifacts/9a6a3f0a75351856
G=/work/wt-sweep/src/Host/bin/Release/net10.0/gitactors
cd "$(dirname "$0")"
$G munit evaluate --checkpoint $OUT/54f8e278736ae0f1/t1/generator.munit --dataset fmnist-bg-lt --judge-cache /work/runs/judges --content-styles 4 --threads 1 --json > eval-bg-4000.json 2> eval-bg-4000.log &
$G munit evaluate --checkpoint $OUT/2a3db9cf14324b05/t2/generator.munit --dataset fmnist-dil-lt --judge-cache /work/runs/judges --content-styles 4 --threads 1 --json > eval-dil-4000.json 2> eval-dil-4000.log &
wait
