#!/usr/bin/env bash
# Fills a deploy template: every {{ .name }} becomes the value given as name=value; a variable left without a
# value, or a value given for no variable, is an error. Same syntax as dataflow-runner's --vars (Go templates).
#
# Usage: deploy/render.sh TEMPLATE name=value... > rendered
set -euo pipefail
template="${1:?usage: render.sh TEMPLATE name=value...}"
shift
text="$(cat "$template"; printf x)"
text="${text%x}"
for pair in "$@"; do
  name="${pair%%=*}"
  value="${pair#*=}"
  [ "$name" != "$pair" ] || { echo "render.sh: expected name=value, got '$pair'" >&2; exit 2; }
  placeholder="{{ .$name }}"
  [[ "$text" == *"$placeholder"* ]] || { echo "render.sh: $template has no variable '$name'" >&2; exit 2; }
  text="${text//"$placeholder"/"$value"}"
done
if [[ "$text" =~ \{\{[^}]*\}\} ]]; then
  echo "render.sh: no value for ${BASH_REMATCH[0]} in $template" >&2
  exit 2
fi
printf '%s' "$text"
