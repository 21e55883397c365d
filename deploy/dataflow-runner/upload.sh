#!/usr/bin/env bash
# Uploads what the EMR cluster needs to s3://BUCKET/event-recovery/VERSION/ (the cluster config's bootstrap action
# and the playbook read it there): the binaries built by scripts/publish.sh, bootstrap.sh and event-recovery-mapper.
#
# Usage: deploy/dataflow-runner/upload.sh BUCKET VERSION   (after scripts/publish.sh VERSION)
set -euo pipefail
bucket="${1:?usage: upload.sh BUCKET VERSION}"
version="${2:?usage: upload.sh BUCKET VERSION}"
here="$(cd "$(dirname "$0")" && pwd)"
artifacts="${ARTIFACTS:-$here/../../artifacts}"
prefix="s3://$bucket/event-recovery/$version"

uploaded=0
for rid in linux-x64 linux-arm64; do
  if [ -x "$artifacts/$rid/event-recovery" ]; then
    aws s3 cp "$artifacts/$rid/event-recovery" "$prefix/$rid/event-recovery"
    uploaded=$((uploaded + 1))
  else
    echo "upload.sh: no $artifacts/$rid/event-recovery (nodes of that architecture cannot run the job)" >&2
  fi
done
[ "$uploaded" -gt 0 ] || { echo "upload.sh: no binary: run scripts/publish.sh $version first" >&2; exit 1; }
aws s3 cp "$here/bootstrap.sh" "$prefix/bootstrap.sh"
aws s3 cp "$here/event-recovery-mapper" "$prefix/event-recovery-mapper"
echo "uploaded to $prefix"
