#!/usr/bin/env bash
# Does a change alter any outcome? Builds bench/OutcomeDump against an earlier commit and against the working tree,
# runs both over the same inputs, and reports every line whose outcome differs (kind, reason, failed row, payload
# bytes). For any change to the core's hot path: a faster core must give the same outcomes.
#
#   bench/compare-outcomes.sh COMMIT                 # generated corpora: default, failing, unrecoverable-heavy, even; 3 seeds each
#   bench/compare-outcomes.sh COMMIT FILE...         # also these: files of lines (with the bench config), or
#                                                    # files of {"config": …, "line": <base64>} pairs (*.pairs.jsonl)
# Exits 1 when an outcome differs. Work files go to /tmp/compare-outcomes (or $DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,9p' "$0"; exit 2; }
commit=$1; shift
dir=${DIR:-/tmp/compare-outcomes}
old_tree="$dir/old-tree"
mkdir -p "$dir"

rm -rf "$old_tree"; git worktree prune
git worktree add --detach "$old_tree" "$commit" >/dev/null
trap 'git worktree remove --force "$old_tree" >/dev/null 2>&1 || true' EXIT
# The dump program is this version's, built against each version of the core (its public API is all it uses).
dotnet build bench/OutcomeDump/OutcomeDump.csproj -c Release -nologo -v q -p:CoreDir="$old_tree" -o "$dir/old" --artifacts-path "$dir/build-old" >/dev/null
dotnet build bench/OutcomeDump/OutcomeDump.csproj -c Release -nologo -v q -p:CoreDir="$PWD" -o "$dir/new" --artifacts-path "$dir/build-new" >/dev/null
dotnet build bench/EventRecovery.Bench/EventRecovery.Bench.csproj -c Release -nologo -v q >/dev/null
bench=bench/EventRecovery.Bench/bin/Release/net10.0/event-recovery-bench

config="$dir/config.json"
"$bench" corpus --out /dev/null --size 1 --config-out "$config" >/dev/null
inputs=()
for mix in default failing unrecoverable-heavy even; do
  for seed in 1 2 3; do
    f="$dir/$mix-$seed.jsonl"
    [ -f "$f" ] || "$bench" corpus --out "$f" --size 20MB --seed "$seed" --mix "$mix" >/dev/null
    inputs+=("$f")
  done
done
inputs+=("$@")

status=0 total=0
for f in "${inputs[@]}"; do
  name=$(basename "$f")
  for v in old new; do
    if [[ "$f" == *.pairs.jsonl ]]; then "$dir/$v/outcome-dump" --pairs "$f" > "$dir/$name.$v"
    else "$dir/$v/outcome-dump" "$config" "$f" > "$dir/$name.$v"; fi
  done
  lines=$(wc -l < "$dir/$name.new"); total=$((total + lines))
  if cmp -s "$dir/$name.old" "$dir/$name.new"; then
    echo "same       $name ($lines lines)"
  else
    differ=$(diff "$dir/$name.old" "$dir/$name.new" | grep -c '^<' || true)
    echo "DIFFERENT  $name: $differ of $lines lines (diff $dir/$name.old $dir/$name.new)"
    status=1
  fi
done
echo "$total lines compared against $commit: $([ $status = 0 ] && echo 'no outcome changed' || echo 'SOME OUTCOMES CHANGED')"
exit $status
