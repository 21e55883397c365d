#!/usr/bin/env bash
# The whole benchmark in one command: publishes the CLI (scripts/publish.sh) and builds the bench in Release, generates the default corpus
# once (in /tmp/bench, outside the repository), then measures end-to-end (1 worker and all cores), core-only,
# the Utf8JsonReader scan and `jq -c .`, and prints one table of medians with the targets of issue 5.
#
#   bench/run.sh                          # 200 MB corpus, 3 runs of each measurement
#   bench/run.sh --runs 5 --large 2GB     # also end-to-end on a 2 GB corpus (is memory flat in input size?)
#   bench/run.sh --size 50MB --skip-jq    # quicker
#
# Other flags: --dir DIR (corpora and results, default /tmp/bench), --seed N, --large-runs N.
set -euo pipefail
cd "$(dirname "$0")/.."

# jq is the peer; GNU time reports the peak RSS of a child. Install them when missing and we can.
for tool in jq time; do
  path=$([ "$tool" = time ] && echo /usr/bin/time || command -v jq || true)
  if [ -z "$path" ] || [ ! -x "$path" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get install -y -q "$tool" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }
    else
      echo "note: $tool is not installed (apt-get install -y $tool); $([ "$tool" = jq ] && echo 'the jq comparison is skipped' || echo 'peak RSS falls back to polling /proc')" >&2
    fi
  fi
done

# Without --cli, `all` publishes the binary users deploy first (scripts/publish.sh for this machine: native code)
# and runs that end to end.
dotnet build bench/EventRecovery.Bench/EventRecovery.Bench.csproj -c Release -nologo -v q
exec bench/EventRecovery.Bench/bin/Release/net10.0/event-recovery-bench all "$@"
