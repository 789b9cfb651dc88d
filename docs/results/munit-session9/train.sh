#!/bin/bash
# BG MUNIT (cpu recipe) continued past 3,000 iterations: generator copies at 3,000, 4,000, 5,000.
cd /work/runs/bg-long
G=/work/wt-exp/src/Host/bin/Release/net10.0/gitactors
for s in 3000 4000 5000; do
  $G munit train --dataset fmnist-bg-lt --preset cpu --steps $s --seed 1 --out /work/runs/bg-long/munit --checkpoint-every 250 --threads 1 --device cpu >> train.log 2>&1 || exit 1
  cp munit/generator.munit gen-$s.munit
  echo "$(date -u +%T) done $s" >> train.log
done
