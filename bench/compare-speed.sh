#!/usr/bin/env bash
# Is a change faster? Builds the recovery core of an earlier commit and of the working tree, then times both in
# one process over the same lines, passes alternated (event-recovery-bench ab): the machine's drift lands on both
# alike, which separate runs minutes apart do not promise. Read the median of the paired ratios; on a loaded machine,
# the one in CPU time.
#
#   bench/compare-speed.sh COMMIT [CORPUS]   # default: the first 50 MB of /tmp/bench/corpus-200MB-seed42.jsonl
#                                            # (generated if missing), with the bench config
# ROUNDS (default 20) and MAX_BYTES (default 50MB) change the passes. Work files go to /tmp/compare-speed (or $DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,8p' "$0"; exit 2; }
commit=$1
dir=${DIR:-/tmp/compare-speed}
corpus=${2:-/tmp/bench/corpus-200MB-seed42.jsonl}
old_tree="$dir/old-tree"
mkdir -p "$dir"

rm -rf "$old_tree"; git worktree prune
git worktree add --detach "$old_tree" "$commit" >/dev/null
trap 'git worktree remove --force "$old_tree" >/dev/null 2>&1 || true' EXIT
dotnet build "$old_tree/src/EventRecovery.Core/EventRecovery.Core.csproj" -c Release -nologo -v q -o "$dir/base" --artifacts-path "$dir/build-base" >/dev/null
dotnet build src/EventRecovery.Core/EventRecovery.Core.csproj -c Release -nologo -v q -o "$dir/new" --artifacts-path "$dir/build-new" >/dev/null
dotnet build bench/EventRecovery.Bench/EventRecovery.Bench.csproj -c Release -nologo -v q >/dev/null
bench=bench/EventRecovery.Bench/bin/Release/net10.0/event-recovery-bench

config="$dir/config.json"
"$bench" corpus --out /dev/null --size 1 --config-out "$config" >/dev/null
if [ ! -f "$corpus" ]; then
  mkdir -p "$(dirname "$corpus")"
  "$bench" corpus --out "$corpus" --size 200MB --seed 42 >/dev/null
fi
echo "base: $commit ($(git rev-parse --short "$commit")), new: the working tree"
"$bench" ab --base "$dir/base" --new "$dir/new" --corpus "$corpus" --config "$config" \
  --rounds "${ROUNDS:-20}" --max-bytes "${MAX_BYTES:-50MB}" --rounds-out "$dir/rounds.tsv"
echo "every round: $dir/rounds.tsv"
