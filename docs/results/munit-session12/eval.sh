#!/bin/bash
# eval.sh NAME DATASET STEP: judge a generator copy (4 style samples per test image), as session 9 did.
cd /work/runs/lr
/work/runs/bin-lr/gitactors munit evaluate --checkpoint $1-gen-$3.munit --dataset $2 --judge-cache /work/runs/judges --content-styles 4 --threads 1 --json > eval-$1-$3.json 2> eval-$1-$3.log
echo "$(date -u +%T) evaluated $1 $3 rc=$?" >> eval.log
