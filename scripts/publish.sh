#!/usr/bin/env bash
# Builds event-recovery as one self-contained executable per platform (no .NET needed where it runs):
#   artifacts/<rid>/event-recovery        for rid in linux-x64 and linux-arm64
#
# The platform of this machine gets native code (Native AOT): no JIT at start-up, so a run is at full speed from
# its first line, and less memory. linux-x64 code needs AVX2 (x86-64-v3; see EventRecovery.Cli.csproj). Other
# platforms cannot be linked here (no cross toolchain) and get a single-file .NET executable, JIT-compiled as it
# runs. Native code needs a C toolchain (clang or gcc); without one, or with NATIVE=0, every platform is single-file.
#
# Usage: scripts/publish.sh [VERSION]
#   VERSION        stamped into the binary (event-recovery --version, processor version of recovery_error rows);
#                  default: <Version> of Directory.Build.props
#   RIDS=...       platforms to build (default: "linux-x64 linux-arm64")
#   ARTIFACTS=DIR  where the binaries go (default: artifacts)
#   NATIVE=0       single-file .NET executables only (no Native AOT)
#
# A platform whose runtime packs (Microsoft.NETCore.App.Runtime.<rid>, Microsoft.NETCore.App.Host.<rid>) cannot be
# restored from the configured NuGet feeds is reported as NOT BUILT; the script then exits 1 after building the others.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)}"
rids="${RIDS:-linux-x64 linux-arm64}"
artifacts="${ARTIFACTS:-artifacts}"
mkdir -p "$artifacts"
artifacts="$(cd "$artifacts" && pwd)"
# Intermediate files go apart from the repository's bin/ and obj/, so that publishing never disturbs a build or
# test run going on at the same time (and vice versa).
build="$artifacts/.build"

case "$(uname -m)" in
  x86_64) host_rid=linux-x64 ;;
  aarch64 | arm64) host_rid=linux-arm64 ;;
  *) host_rid="" ;;
esac

native_ok=1
if [ "${NATIVE:-1}" = 0 ]; then
  native_ok=0
elif ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  echo "note: no C toolchain (clang or gcc): building single-file .NET executables, not native code (apt-get install -y clang)" >&2
  native_ok=0
fi

built=() missing=() failed=()
for rid in $rids; do
  log="$(mktemp)"
  if [ "$native_ok" = 1 ] && [ "$rid" = "$host_rid" ]; then
    kind="native code"
    # StripSymbols: the debug symbols go to a .dbg file beside the binary, which is removed below.
    form=(-p:PublishAot=true -p:StripSymbols=true)
  else
    kind="single-file .NET"
    form=(-p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true)
  fi
  echo "== $rid (version $version, $kind)"
  rm -rf "${artifacts:?}/$rid"
  if dotnet publish src/EventRecovery.Cli/EventRecovery.Cli.csproj --nologo -c Release -r "$rid" --self-contained \
      --artifacts-path "$build/$rid" -o "$artifacts/$rid" "${form[@]}" \
      -p:DebugType=none -p:GenerateDocumentationFile=false -p:DisableTransitiveFrameworkReferenceDownloads=true -p:Version="$version" >"$log" 2>&1; then
    binary="$artifacts/$rid/event-recovery"
    rm -f "$binary.dbg"
    size="$(du -h "$binary" | cut -f1)"
    if [ "$rid" = "$host_rid" ]; then
      stamped="$("$binary" --version)"
      if [ "$stamped" != "$version" ]; then
        echo "$rid: $binary prints version '$stamped', expected '$version'" >&2
        failed+=("$rid")
        continue
      fi
      echo "$rid: $binary ($size, $kind, --version $stamped)"
    else
      echo "$rid: $binary ($size, $kind; not run: this machine is ${host_rid:-$(uname -m)})"
    fi
    built+=("$rid")
  elif grep -q "NU1101.*Microsoft\.NETCore\.App\.\(Runtime\|Host\)\.$rid" "$log"; then
    grep -o "Unable to find package [^ ]*\.$rid" "$log" | sort -u | sed 's/^/  /' >&2
    echo "$rid: NOT BUILT: the .NET runtime packs for $rid are not available from the NuGet feeds configured here." >&2
    echo "  Publish on a machine whose feed has them (nuget.org does), or add a feed holding Microsoft.NETCore.App.Runtime.$rid and Microsoft.NETCore.App.Host.$rid." >&2
    missing+=("$rid")
  else
    cat "$log" >&2
    echo "$rid: publish FAILED (log above)" >&2
    failed+=("$rid")
  fi
  rm -f "$log"
done

echo "built: ${built[*]:-none}${missing[*]:+; not built (runtime packs absent): ${missing[*]}}${failed[*]:+; failed: ${failed[*]}}"
[ ${#missing[@]} -eq 0 ] && [ ${#failed[@]} -eq 0 ]
