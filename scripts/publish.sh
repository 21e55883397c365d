#!/usr/bin/env bash
# Builds event-recovery as one self-contained executable per platform (no .NET needed where it runs):
#   artifacts/<rid>/event-recovery        for rid in linux-x64 and linux-arm64
#
# Both are native code (Native AOT): no JIT at start-up, so a run is at full speed from its first line, and less
# memory. linux-x64 code needs AVX2 (x86-64-v3; see EventRecovery.Cli.csproj); linux-arm64 code runs on any 64-bit
# Arm (ARMv8.0-A and later: every Graviton). The platform of this machine is compiled with its C toolchain (clang or
# gcc); the other one is cross-compiled: clang --target=<triple>, lld, and the target's C runtime from Debian's cross
# packages, which scripts/cross-tools.sh installs when they are absent (apt-get, through sudo unless root). A
# platform whose cross toolchain cannot be had (no apt-get, no network), or every platform with NATIVE=0, gets a
# single-file .NET executable instead, JIT-compiled as it runs, and the script says so.
#
# Usage: scripts/publish.sh [VERSION]
#   VERSION        stamped into the binary (event-recovery --version, processor version of recovery_error rows);
#                  default: <Version> of Directory.Build.props
#   RIDS=...       platforms to build (default: "linux-x64 linux-arm64")
#   ARTIFACTS=DIR  where the binaries go (default: artifacts)
#   NATIVE=0       single-file .NET executables only (no Native AOT)
#   SYSROOT=DIR    a root file system of the target to cross-link against (passed as -p:SysRoot), for distributions
#                  without Debian's cross packages; not needed on Debian or Ubuntu
#
# A cross-compiled binary is run here (--version) under qemu-user when it is installed (scripts/cross-tools.sh run
# installs it; the publish test runs the whole README example that way).
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

triple_of() {
  case "$1" in
    linux-x64) echo x86_64-linux-gnu ;;
    linux-arm64) echo aarch64-linux-gnu ;;
  esac
}

native_ok=1
if [ "${NATIVE:-1}" = 0 ]; then
  native_ok=0
fi

# The cross toolchains first, so that every platform is built with the same compiler driver.
declare -A cross_ok=()
for rid in $rids; do
  if [ "$native_ok" = 1 ] && [ "$rid" != "$host_rid" ]; then
    if [ -n "$(triple_of "$rid")" ] && bash scripts/cross-tools.sh build "$rid"; then
      cross_ok[$rid]=1
    else
      echo "note: $rid: no cross toolchain (see above): building a single-file .NET executable, not native code" >&2
    fi
  fi
done
if [ "$native_ok" = 1 ] && ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  echo "note: no C toolchain (clang or gcc): $host_rid gets a single-file .NET executable, not native code (apt-get install -y clang)" >&2
  host_native=0
else
  host_native="$native_ok"
fi

built=() missing=() failed=()
for rid in $rids; do
  log="$(mktemp)"
  triple="$(triple_of "$rid")"
  if [ "$host_native" = 1 ] && [ "$rid" = "$host_rid" ]; then
    kind="native code"
    # StripSymbols: the debug symbols go to a .dbg file beside the binary, which is removed below.
    form=(-p:PublishAot=true -p:StripSymbols=true)
  elif [ -n "${cross_ok[$rid]:-}" ]; then
    kind="native code, cross-compiled"
    # clang drives the target's link (--target=<triple>, set by the ILCompiler targets), lld links for any
    # architecture, and the target's objcopy strips it.
    form=(-p:PublishAot=true -p:StripSymbols=true -p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld -p:ObjCopyName="$triple-objcopy")
    [ -z "${SYSROOT:-}" ] || form+=(-p:SysRoot="$SYSROOT")
  else
    kind="single-file .NET"
    form=(-p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true)
  fi
  echo "== $rid (version $version, $kind)"
  rm -rf "${artifacts:?}/$rid"
  started=$SECONDS
  if dotnet publish src/EventRecovery.Cli/EventRecovery.Cli.csproj --nologo -c Release -r "$rid" --self-contained \
      --artifacts-path "$build/$rid" -o "$artifacts/$rid" "${form[@]}" \
      -p:DebugType=none -p:GenerateDocumentationFile=false -p:EnforceCodeStyleInBuild=false \
      -p:DisableTransitiveFrameworkReferenceDownloads=true -p:Version="$version" >"$log" 2>&1; then
    took="$((SECONDS - started)) s"
    binary="$artifacts/$rid/event-recovery"
    rm -f "$binary.dbg"
    size="$(du -h "$binary" | cut -f1)"
    # The platform of this machine runs its binary; a cross-compiled one runs under qemu-user if it is here, with the
    # target's C runtime of Debian's cross packages (libc6-ARCH-cross, beside the cross toolchain) as its root.
    runner=() how=""
    if [ "$rid" != "$host_rid" ]; then
      if [ -n "${cross_ok[$rid]:-}" ] && qemu="$(bash scripts/cross-tools.sh qemu "$rid" 2>/dev/null)" && [ -e "/usr/$triple/lib/libc.so.6" ]; then
        runner=(env QEMU_LD_PREFIX="/usr/$triple" "$qemu")
        how=" under $(basename "$qemu")"
      else
        echo "$rid: $binary ($size, $kind, built in $took; not run: this machine is ${host_rid:-$(uname -m)} and has no qemu-user for $rid)"
        built+=("$rid")
        rm -f "$log"
        continue
      fi
    fi
    if ! stamped="$("${runner[@]}" "$binary" --version)" || [ "$stamped" != "$version" ]; then
      echo "$rid: $binary prints version '${stamped:-}'$how, expected '$version'" >&2
      failed+=("$rid")
      rm -f "$log"
      continue
    fi
    echo "$rid: $binary ($size, $kind, built in $took, --version $stamped$how)"
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
