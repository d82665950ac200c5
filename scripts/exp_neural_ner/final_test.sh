#!/usr/bin/env bash
# Final test run on the device: the dev-chosen configuration (skip-gram init, CRF
# attribute bag, BiLSTM-CRF; chunks of 1 and 4 sentences) trained on ALL of train,
# 8 seeds in parallel, each scored once on test, then the 8-model ensemble.
# Usage (device, repo root, .neural carried): bash scripts/exp_neural_ner/final_test.sh $OUT
set -u
OUT=${1:-.neural/out}; mkdir -p "$OUT/runs"
export OMP_NUM_THREADS=1 PYTHONUNBUFFERED=1
T=scripts/exp_neural_ner/train.py
python3 $T --pretrain --sg-epochs 10 2>&1 | tail -1
run() { name=$1; shift; timeout 540 python3 $T --mode test --epochs 12 --budget 450 --out "$OUT/runs" --name "$name" "$@" > "$OUT/runs/$name.log" 2>&1 & }
for s in 1 2 3 4; do
  run "base_s$s" --sg --seed $s $([ $s = 1 ] && echo --save)
  run "ch4_s$s" --sg --chunk 4 --batch 8 --seed $s
done
wait
grep -h "RESULT\|cut to\|Error" "$OUT"/runs/*.log
E=scripts/exp_neural_ner/ensemble.py
python3 $E --mode test --name base_x4 "$OUT"/runs/base_s*.npy
python3 $E --mode test --name ch4_x4 "$OUT"/runs/ch4_s*.npy
python3 $E --mode test --name all_x8 "$OUT"/runs/*.npy
mv "$OUT"/runs/base_s1.pt "$OUT"/ 2>/dev/null
cp .neural/sg.pt "$OUT"/ 2>/dev/null
(cd "$OUT" && tar czf test_runs.tar.gz runs && rm -rf runs)
