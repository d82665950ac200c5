#!/usr/bin/env bash
# Dev-slice sweep on the device (one GPU, 16 cores): skip-gram, then 8 runs in parallel.
# Usage (device, repo root, .neural carried): bash scripts/exp_neural_ner/sweep_dev.sh $OUT
set -u
OUT=${1:-.neural/out}; mkdir -p "$OUT/runs"
export OMP_NUM_THREADS=1 PYTHONUNBUFFERED=1
T=scripts/exp_neural_ner/train.py
BUDGET=${BUDGET:-430}
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 $T --pretrain --sg-epochs 10 2>&1 | tail -2
run() { name=$1; shift; timeout 560 python3 $T --mode dev --budget "$BUDGET" --out "$OUT/runs" --name "$name" "$@" > "$OUT/runs/$name.log" 2>&1 & }
run base   --sg
run nosg
run ch4    --sg --chunk 4 --batch 8
run noattr --sg --chunk 4 --batch 8 --adim 0
run soft   --sg --chunk 4 --batch 8 --no-crf
run big    --sg --chunk 4 --batch 8 --layers 2 --hidden 256
run ch4_s2 --sg --chunk 4 --batch 8 --seed 2
run ch4_s3 --sg --chunk 4 --batch 8 --seed 3
wait
grep -h "RESULT\|cut to\|Error\|error" "$OUT"/runs/*.log
E=scripts/exp_neural_ner/ensemble.py
python3 $E --name ch4x3 "$OUT"/runs/ch4.npy "$OUT"/runs/ch4_s2.npy "$OUT"/runs/ch4_s3.npy
python3 $E --name all8 "$OUT"/runs/*.npy
(cd "$OUT" && tar czf dev_runs.tar.gz runs && rm -rf runs)
