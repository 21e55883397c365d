#!/bin/bash
# EMR bootstrap action, run on every node (master, core, task) before YARN starts:
#  1. installs event-recovery (the binary for the node's architecture) and the streaming mapper
#     into /usr/local/bin;
#  2. installs the CloudWatch agent with an EMF listener on 127.0.0.1:25888 (UDP and TCP), where
#     'event-recovery run --metrics emf' sends its metrics (namespace snowplow/event-recovery).
#
# Arguments: PREFIX REGION
#   PREFIX  s3://BUCKET/event-recovery/VERSION, holding linux-x64/event-recovery, linux-arm64/event-recovery
#           (if arm64 nodes are used) and event-recovery-mapper (see deploy/dataflow-runner/upload.sh)
#   REGION  region of the CloudWatch metrics
set -euo pipefail
prefix="${1:?usage: bootstrap.sh s3://BUCKET/event-recovery/VERSION REGION}"
region="${2:?usage: bootstrap.sh s3://BUCKET/event-recovery/VERSION REGION}"

case "$(uname -m)" in
  x86_64) rid=linux-x64; agent_arch=amd64 ;;
  aarch64) rid=linux-arm64; agent_arch=arm64 ;;
  *) echo "bootstrap.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

work="$(mktemp -d)"
aws s3 cp --only-show-errors "$prefix/$rid/event-recovery" "$work/event-recovery"
aws s3 cp --only-show-errors "$prefix/event-recovery-mapper" "$work/event-recovery-mapper"
sudo install -m 0755 "$work/event-recovery" /usr/local/bin/event-recovery
sudo install -m 0755 "$work/event-recovery-mapper" /usr/local/bin/event-recovery-mapper
/usr/local/bin/event-recovery --version

if ! sudo yum install -y -q amazon-cloudwatch-agent; then
  sudo rpm -Uvh --force "https://s3.amazonaws.com/amazoncloudwatch-agent/amazon_linux/$agent_arch/latest/amazon-cloudwatch-agent.rpm"
fi
cat > "$work/cloudwatch-agent.json" <<JSON
{
  "agent": { "region": "$region" },
  "logs": {
    "metrics_collected": { "emf": {} },
    "force_flush_interval": 5
  }
}
JSON
sudo install -m 0644 "$work/cloudwatch-agent.json" /opt/aws/amazon-cloudwatch-agent/etc/event-recovery.json
sudo /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/event-recovery.json
rm -rf "$work"
