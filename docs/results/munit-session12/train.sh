#!/bin/bash
# train.sh DATASET NAME: cpu recipe with lr x0.1 from iteration 3,000 (MUNIT's step policy); generator copies at 3,000 and 4,000.
d=$1; name=$2
cd /work/runs/lr
G=/work/runs/bin-lr/gitactors
for s in 3000 4000; do
  $G munit train --dataset $d --preset cpu --steps $s --seed 1 --lr-step 3000 --lr-gamma 0.1 --out /work/runs/lr/$name --checkpoint-every 250 --threads 1 --device cpu >> $name-train.log 2>&1 || exit 1
  cp $name/generator.munit $name-gen-$s.munit
  echo "$(date -u +%T) done $s" >> $name-train.log
done
