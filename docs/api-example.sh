#!/usr/bin/env bash
# The worked example in docs/API.md: a programme lead's client runs a mentoring programme through the API alone,
# from creating it and importing its mentors and mentees to the published pairs and the programme's counts.
#
#   CAIRN_URL=http://127.0.0.1:8080 CAIRN_TOKEN=cairn_… docs/api-example.sh
#
# CAIRN_TOKEN is a programme lead's API token (create one at /account/tokens). Needs bash, curl and python3 (to
# read JSON). CI runs this script against a real server (Tests/e2e/test_api_guide.py), so what the guide shows works.
set -euo pipefail
: "${CAIRN_URL:?set CAIRN_URL to the service, e.g. http://127.0.0.1:8080}"
: "${CAIRN_TOKEN:?set CAIRN_TOKEN to a programme lead\'s API token}"

# api METHOD PATH [JSON] [extra curl arguments…]: prints the answer's body; fails unless the status is 2xx.
# Every POST carries an Idempotency-Key, so a retry after a time-out never does the work twice.
api() {
  local method=$1 path=$2 body=${3:-}
  shift $(($# < 3 ? $# : 3))
  local args=(--silent --show-error --output /tmp/cairn-api-body.$$ --write-out '%{http_code}'
    --request "$method" --header "Authorization: Bearer $CAIRN_TOKEN")
  [[ " $* " != *" Accept: "* ]] && args+=(--header "Accept: application/json")
  [[ -n "$body" ]] && args+=(--header "Content-Type: application/json" --data-binary "$body")
  [[ "$method" == POST && " $* " != *" Idempotency-Key: "* ]] &&
    args+=(--header "Idempotency-Key: $(python3 -c 'import uuid; print(uuid.uuid4())')")
  local status
  status=$(curl "${args[@]}" "$@" "$CAIRN_URL$path")
  cat /tmp/cairn-api-body.$$
  rm -f /tmp/cairn-api-body.$$
  if [[ "$status" != 2?? ]]; then
    echo >&2
    echo "$method $path answered $status" >&2
    return 1
  fi
}

# field NAME: reads one field of the JSON on standard input (python3, so no jq is needed).
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# json K=V …: a JSON object from its arguments (values as JSON when they parse, strings otherwise).
json() {
  python3 - "$@" <<'PY'
import json, sys
out = {}
for pair in sys.argv[1:]:
    key, _, value = pair.partition("=")
    try:
        out[key] = json.loads(value)
    except ValueError:
        out[key] = value
print(json.dumps(out))
PY
}

run=$(python3 -c 'import uuid; print(uuid.uuid4().hex[:8])')  # so the example can run again on the same service

echo "1. Who am I?"
api GET /api/v1/me | python3 -c 'import json, sys; me = json.load(sys.stdin); print("  ", me["displayName"], me["roles"])'

echo "2. Create the programme (a retry with the same Idempotency-Key is answered, not repeated)."
programme_request=$(json name="Example cohort $run" audience="International GP trainees" cohortStartsOn=2027-01-11 \
  sessionCount=4 sessionMinutes=60 sessionMode=video windowMonths=6 matchingMode=optimal)
key=$(python3 -c 'import uuid; print(uuid.uuid4())')
programme=$(api POST /api/v1/mentoring/programmes "$programme_request" --header "Idempotency-Key: $key")
again=$(api POST /api/v1/mentoring/programmes "$programme_request" --header "Idempotency-Key: $key")
programme_id=$(field id <<<"$programme")
[[ "$(field id <<<"$again")" == "$programme_id" ]] || { echo "the retry made another programme" >&2; exit 1; }
echo "   programme $programme_id (the retry answered the same programme)"

echo "3. A mistake is a problem document naming each field (422), and nothing is created."
if api POST /api/v1/mentoring/programmes "$(json name=x audience=y cohortStartsOn=2027-02-30 sessionCount=4 \
  sessionMinutes=60 sessionMode=video windowMonths=6 matchingMode=optimal)" 2>/dev/null >/tmp/cairn-problem.$$; then
  echo "an impossible date was accepted" >&2
  exit 1
fi
python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); print("  ", p["status"], [e["field"] for e in p["errors"]])' \
  /tmp/cairn-problem.$$
rm -f /tmp/cairn-problem.$$

echo "4. Import the mentors and the mentees (CSV, all or nothing)."
mentors="name,email,profession,specialty,grade,languages,region,employer,img_experience,gender,capacity,training_course,training_completed,training_expires
Dr Aileen Ross,aileen.$run@example.org,doctor,general practice,gp_partner,English;Gaelic,scotland,NHS Highland,yes,woman,2,NES mentor training,2025-03-01,2028-03-01
Dr Tomasz Nowak,tomasz.$run@example.org,doctor,general practice,salaried_gp,English;Polish,scotland,NHS Fife,yes,man,1,NES mentor training,2025-03-01,2028-03-01"
mentees="name,email,profession,grade,languages,employer,img,supervisor_email,wish_language,wish_language_required
Dr Ola Adeyemi,ola.$run@example.org,doctor,gpst1,English;Yoruba,NHS Lothian,yes,,,
Dr Marta Zielinska,marta.$run@example.org,doctor,gpst1,Polish;English,NHS Lothian,yes,,Polish,yes"
api POST "/api/v1/mentoring/programmes/$programme_id/mentors" "$(json csv="$mentors")" | field imported |
  sed 's/^/   mentors imported: /'
api POST "/api/v1/mentoring/programmes/$programme_id/mentees" "$(json csv="$mentees")" | field imported |
  sed 's/^/   mentees imported: /'

echo "5. Start a matching run and poll it until it has proposals."
run_id=$(api POST "/api/v1/mentoring/programmes/$programme_id/matching-runs" | field id)
for _ in $(seq 1 120); do
  status=$(api GET "/api/v1/mentoring/programmes/$programme_id/matching-runs/$run_id" | field status)
  [[ "$status" == running ]] || break
  sleep 0.5
done
[[ "$status" == proposed ]] || { echo "the run ended $status" >&2; exit 1; }
api GET "/api/v1/mentoring/programmes/$programme_id/matching-runs/$run_id" | python3 -c '
import json, sys
run = json.load(sys.stdin)
print("   proposed", run["matchedCount"], "of", run["menteeCount"], "mentees, total score", run["totalScore"])'

echo "6. Publish it: the pairs are made and both sides are told."
api POST "/api/v1/mentoring/programmes/$programme_id/matching-runs/$run_id/publish" | field published |
  sed 's/^/   pairs published: /'

echo "7. The programme's counts."
api GET "/api/v1/mentoring/programmes/$programme_id" | python3 -c '
import json, sys
p = json.load(sys.stdin)
print("  ", p["name"] + ":", p["mentorCount"], "mentors,", p["menteeCount"], "mentees,", p["activePairs"], "active pairs")
sys.exit(0 if p["activePairs"] == 2 else "expected two active pairs")'

echo "8. The programme's dashboard: the same protected tables as the page (1 to 4, and what would give one away, is *)."
api GET "/api/v1/mentoring/programmes/$programme_id/figures" | python3 -c '
import json, sys
figures = json.load(sys.stdin)
for table in figures["tables"]:
    print("  ", table["title"] + ":", "; ".join(" ".join(row) for row in table["rows"][:3]))'
api GET "/api/v1/mentoring/programmes/$programme_id/figures" "" --header "Accept: text/csv" >"${TMPDIR:-/tmp}/programme-$run.csv"
echo "   and as CSV, as the dashboard's download gives it: ${TMPDIR:-/tmp}/programme-$run.csv ($(wc -l <"${TMPDIR:-/tmp}/programme-$run.csv") lines)"
