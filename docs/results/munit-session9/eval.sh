#!/bin/bash
# Evaluate each BG generator copy as it appears (4 style samples per test image for content kept: SE ~0.005).
cd /work/runs/bg-long
G=/work/wt-exp/src/Host/bin/Release/net10.0/gitactors
for s in 3000 4000 5000; do
  while [ ! -f gen-$s.munit ]; do sleep 30; done
  $G munit evaluate --checkpoint gen-$s.munit --dataset fmnist-bg-lt --judge-cache /work/runs/judges --content-styles 4 --threads 1 --json > eval-$s.json 2> eval-$s.log
  echo "$(date -u +%T) evaluated $s" >> eval.log
done
