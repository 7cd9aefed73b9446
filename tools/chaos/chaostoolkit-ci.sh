#!/usr/bin/env bash
# The real Chaos Toolkit against `npm start`: validates every experiment file, then `chaos run` of
# kill-loyalty, and prints its journal. Passes only when the run completed without deviating.
#   bash tools/chaos/chaostoolkit-ci.sh        (npm run chaos:toolkit)
set -euo pipefail
cd "$(dirname "$0")/../.."

chaos="$(bash infra/chaos/ensure-chaostoolkit.sh)"
for file in infra/chaos/*.json; do "${chaos}" --no-log-file validate "${file}"; done

out=.data/chaos
mkdir -p "${out}"
setsid npm start >"${out}/npm-start.log" 2>&1 </dev/null &
suite=$!
stop() { kill -INT -- "-${suite}" 2>/dev/null || true; wait "${suite}" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 90); do
  curl -sf http://127.0.0.1:3000/health/ready >/dev/null && break
  kill -0 "${suite}" 2>/dev/null || { cat "${out}/npm-start.log"; echo "npm start exited" >&2; exit 1; }
  sleep 2
done

journal="${out}/ctk-journal.json"
rc=0
"${chaos}" --no-log-file run --journal-path "${journal}" infra/chaos/kill-loyalty.json || rc=$?
echo "--- Chaos Toolkit journal (kill-loyalty) ---"
cat "${journal}"
echo
[[ "${rc}" == 0 ]] && python3 -c "import json,sys; j=json.load(open('${journal}')); sys.exit(0 if j['status']=='completed' and not j['deviated'] else 1)"
