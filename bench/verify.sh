#!/usr/bin/env bash
# run --verify strict against run without verification, alternated, on a generated corpus (default mix).
# Schemas: the Iglu Central ones of ../shared/reference/iglu-schemas plus bench/iglu's stand-ins, served from one local
# directory (an embedded repository) assembled under --dir. Prints each pair's wall and CPU times and the medians of
# their ratios. Usage: bench/verify.sh [--size 50MB] [--runs 3] [--dir /tmp/vbench] [--cli CMD]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(dirname "$here")
size=50MB; runs=3; dir=/tmp/vbench; cli="dotnet $repo/src/EventRecovery.Cli/bin/Release/net10.0/event-recovery.dll"
while [[ $# -gt 0 ]]; do case $1 in --size) size=$2; shift 2;; --runs) runs=$2; shift 2;; --dir) dir=$2; shift 2;; --cli) cli=$2; shift 2;; *) echo "unknown $1"; exit 2;; esac; done
mkdir -p "$dir"
B=$repo/bench/EventRecovery.Bench/bin/Release/net10.0/event-recovery-bench
[[ -f $dir/c-$size.jsonl ]] || "$B" corpus --out "$dir/c-$size.jsonl" --size "$size" --config-out "$dir/config.json" >/dev/null
rm -rf "$dir/iglu" && mkdir -p "$dir/iglu/schemas"
cp -r "$repo/../shared/reference/iglu-schemas/." "$dir/iglu/schemas/"
cp -r "$here/iglu/schemas/." "$dir/iglu/schemas/"
cat > "$dir/resolver.json" <<JSON
{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3",
 "data": {"cacheSize": 500, "cacheTtl": 600, "repositories": [
   {"name": "bench", "priority": 0, "vendorPrefixes": [], "connection": {"embedded": {"path": "$dir/iglu"}}}]}}
JSON
one() { # $1 label, rest: extra flags; prints "wall cpu" seconds (cpu: user + system, all threads)
  local label=$1; shift; rm -rf "$dir/out-$label"
  /usr/bin/time -f '%e %U %S' -o "$dir/time-$label" \
    $cli run --input "$dir/c-$size.jsonl" --config "$dir/config.json" --output "$dir/out-$label" --summary-json "$dir/$label.json" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f", $1, $2 + $3}' "$dir/time-$label"
}
ratios=(); cpu_ratios=()
for i in $(seq "$runs"); do
  read -r off off_cpu <<< "$(one off)"; read -r strict strict_cpu <<< "$(one strict --resolver "$dir/resolver.json" --verify strict)"
  ratio=$(echo "$off / $strict" | bc -l); cpu_ratio=$(echo "$off_cpu / $strict_cpu" | bc -l)
  ratios+=("$ratio"); cpu_ratios+=("$cpu_ratio")
  printf 'run %d: off %.2f s (%.2f CPU-s), strict %.2f s (%.2f CPU-s), speed ratio %.2f (CPU %.2f)\n' \
    "$i" "$off" "$off_cpu" "$strict" "$strict_cpu" "$ratio" "$cpu_ratio"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.2f-%.2f", lo, hi}'; }
echo "speed ratio strict/off: median $(median "${ratios[@]}") [$(range "${ratios[@]}")], by CPU time $(median "${cpu_ratios[@]}") [$(range "${cpu_ratios[@]}")] over $runs alternated pairs"
python3 -c "import json;s=json.load(open('$dir/strict.json'));print('strict summary:',{k:s['verification'][k] for k in ('passed','wouldFail','keptBack','notVerified','notChecked','schemaLookups','cacheHits')})"
