#!/usr/bin/env bash
# Where the core's time goes: samples a one-thread core-only run with perf (JIT-compiled .NET code is named
# through the runtime's perf map) and prints the hottest functions, self time and inclusive time; then the
# bench's own stopwatch breakdown by stage. Needs perf (apt-get install -y linux-perf) for the first part.
#
#   bench/profile.sh [CORPUS]      # default: /tmp/bench/corpus-200MB-seed42.jsonl (generated if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=/tmp/bench
corpus=${1:-$dir/corpus-200MB-seed42.jsonl}
bench=bench/EventRecovery.Bench/bin/Release/net10.0/event-recovery-bench
mkdir -p "$dir"
dotnet build bench/EventRecovery.Bench/EventRecovery.Bench.csproj -c Release -nologo -v q
[ -f "$corpus" ] || "$bench" corpus --out "$corpus" --size 200MB --seed 42
"$bench" corpus --out /dev/null --size 1 --config-out "$dir/config.json" >/dev/null

if command -v perf >/dev/null && perf record -o /dev/null -q true 2>/dev/null; then
  # W^X off: otherwise JIT code runs from a memfd double mapping that perf cannot name from the perf map.
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 499 -g -q -o "$dir/perf.data" -- \
    "$bench" core --corpus "$corpus" --config "$dir/config.json" --threads 1 --runs 6 --max-bytes 100MB
  report() { perf report -i "$dir/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep '%' | grep -v '^#'; }
  echo "== self time by category (whole process: load, warm-up and timed passes)"
  report | awk '
    { pct = $1 + 0; line = $0; cat = "other managed code (framework)" }
    line ~ /libclrjit/                                     { cat = "JIT compiler (tiering, in warm-up mostly)" }
    line ~ /libcoreclr|ld-linux|__tls_get_addr|libstdc/    { cat = "runtime native: allocation helpers, GC, write barriers, stubs" }
    line ~ /libc\.so/                                      { cat = "libc (memset/memmove: zeroing new allocations, copies)" }
    line ~ /kernel/                                        { cat = "kernel (page faults, zeroing pages, I/O)" }
    line ~ /JIT\]|\.dll/ {
      # Classify managed frames by their declaring type ("[Assembly] Namespace.Type::Method"), not their signature.
      if (match(line, /\[[A-Za-z0-9_.]+\] [^ (]+::[^(]+/)) line = substr(line, RSTART, RLENGTH)
      if (line ~ /RegularExpressions|Regex/)                         cat = "regex"
      else if (line ~ /Utf8JsonReader|JsonDocument|JsonReaderHelper|ConsumeString/) cat = "JSON parse (Utf8JsonReader, JsonDocument)"
      else if (line ~ /Utf8JsonWriter|CompactJson|JsonWriterHelper/) cat = "JSON write (compact text)"
      else if (line ~ /Nodes|OrderedDictionary|JsonElement|JsonProperty/) cat = "JsonNode materialisation and access"
      else if (line ~ /Base64/)                                      cat = "base64"
      else if (line ~ /UrlCoding|Querystring/)                       cat = "URL encoding / querystring"
      else if (line ~ /Thrift/)                                      cat = "Thrift"
      else if (line ~ /EventRecovery/)                               cat = "recovery core (paths, steps, matchers, payloads)"
      else if (line ~ /Utf8Utility|Transcod|Encoding|String|SpanHelpers|Memmove|IndexOfAny|Ascii/) cat = "strings, UTF-8/UTF-16 transcoding, copies"
      else if (line ~ /GC|Alloc|WriteBarrier|Cast|Dispatch|Stub|stub/) cat = "runtime native: allocation helpers, GC, write barriers, stubs"
    }
    { sum[cat] += pct; total += pct }
    END { for (c in sum) printf "%6.1f%%  %s\n", sum[c], c | "sort -rn" }'
  echo "== hottest functions, self time"
  report | head -30 | cut -c1-170
else
  echo "perf is not available here: skipping the sampling profile"
fi
echo "== stopwatch breakdown"
"$bench" profile --corpus "$corpus" --config "$dir/config.json" --max-bytes 100MB
