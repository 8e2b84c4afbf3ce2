#!/usr/bin/env bash
# Shows, with plain curl and no client of ours, that Prism refuses the valid requests behind
# each entry of exclusions.tsv the same way it refuses the client's.
#
#   bash tests/conformance/prism-proofs.sh
#
# Each proof prints Prism's status and violations (or, for a request Prism routes to another
# operation, what it answered); the command fails when Prism accepts one of them (the
# exclusion would then be stale). Prism must be installed (run.sh installs it).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus}
prism=$root/target/prism/node_modules/.bin/prism
[ -x "$prism" ] || { echo "Prism is not installed: run tests/conformance/run.sh once" >&2; exit 1; }

pid=
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; }; }
trap stop EXIT

# Starts Prism on SPEC (a corpus file name).
start() { start_at "$corpus/$1"; }

# Starts Prism on the spec at PATH, with node options NODE_OPTIONS (a preload) when given
# and not empty, and the further arguments for Prism.
start_at() {
  stop
  local spec=$1 node_options=${2:-}
  shift; [ $# -eq 0 ] || shift
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  NODE_OPTIONS=$node_options "$prism" mock "$spec" -h 127.0.0.1 -p "$port" "$@" > "$root/target/prism-proof.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.25
  done
  echo "Prism did not start on $1" >&2
  exit 1
}

refused=0
total=0
# proof_verdict WHAT HEAD BODY-FILE: counts and prints Prism's verdict on one request.
proof_verdict() {
  local what=$1 head=$2 answer=$3
  local status violations
  status=$(echo "$head" | head -1 | tr -d '\r')
  # The violations: Prism's header, or the `validation` list of its problem document.
  violations=$(echo "$head" | grep -i '^sl-violations' | cut -d' ' -f2- || true)
  [ -n "$violations" ] || violations=$(python3 -c 'import json, sys
try: print(json.dumps(json.load(open(sys.argv[1])).get("validation")))
except Exception: pass' "$answer")
  violations=$(echo "$violations" | cut -c1-300)
  total=$((total + 1))
  if echo "$status" | grep -q ' 4[0-9][0-9]'; then
    refused=$((refused + 1))
    echo "refused  $what: $status $violations"
  else
    echo "ACCEPTED $what: $status"
  fi
}

# proof WHAT METHOD PATH CONTENT-TYPE BODY [CURL ARGS...]: Prism must refuse it.
proof() {
  local what=$1 method=$2 path=$3 type=$4 body=$5; shift 5
  local head answer=$root/target/prism-proof.body
  head=$(curl -s -D - -o "$answer" -X "$method" "http://127.0.0.1:$port$path" \
    -H "Content-Type: $type" -H 'Accept: application/json' --data "$body" "$@")
  proof_verdict "$what" "$head" "$answer"
}

start ory-kratos.json
# Valid by the discriminator `method`, yet each also matches other branches of the oneOf.
proof "kratos update_login_flow (password)" POST '/self-service/login?flow=f' application/json \
  '{"method":"password","identifier":"user@example.com","password":"secret"}'
proof "kratos update_registration_flow (password)" POST '/self-service/registration?flow=f' application/json \
  '{"method":"password","password":"secret","traits":{}}'
proof "kratos update_recovery_flow (code)" POST '/self-service/recovery?flow=f' application/json \
  '{"method":"code","email":"user@example.com"}'
proof "kratos update_settings_flow (password)" POST '/self-service/settings?flow=f' application/json \
  '{"method":"password","password":"secret"}' -H 'X-Session-Token: token'
proof "kratos update_verification_flow (code)" POST '/self-service/verification?flow=f' application/json \
  '{"method":"code","email":"user@example.com"}'

start twilio-messaging_v1.json
# Arrays in a form body as OpenAPI's default (style form, explode) sends them: repeated keys.
proof "twilio update_us_app_to_person (MessageSamples twice)" POST \
  /v1/Services/MG00000000000000000000000000000000/Compliance/Usa2p/QE2c6890da8086d771620e9b13fadeba0b \
  application/x-www-form-urlencoded \
  'HasEmbeddedLinks=true&HasEmbeddedPhone=true&MessageSamples=one&MessageSamples=two&MessageFlow=f&Description=d&AgeGated=true&DirectLending=true' \
  -u user:password
proof "twilio create_us_app_to_person (MessageSamples, keywords twice)" POST \
  /v1/Services/MG00000000000000000000000000000000/Compliance/Usa2p application/x-www-form-urlencoded \
  'BrandRegistrationSid=BN00000000000000000000000000000000&Description=d&MessageFlow=f&MessageSamples=one&MessageSamples=two&UsAppToPersonUsecase=MARKETING&HasEmbeddedLinks=true&HasEmbeddedPhone=true' \
  -u user:password
proof "twilio create_tollfree_verification (UseCaseCategories twice)" POST /v1/Tollfree/Verifications \
  application/x-www-form-urlencoded \
  'BusinessName=b&BusinessWebsite=https://example.com&NotificationEmail=a@example.com&UseCaseCategories=TWO_FACTOR_AUTHENTICATION&UseCaseCategories=MARKETING&UseCaseSummary=s&ProductionMessageSample=m&OptInImageUrls=https://example.com/a&OptInImageUrls=https://example.com/b&OptInType=VERBAL&MessageVolume=10&TollfreePhoneNumberSid=PN00000000000000000000000000000000' \
  -u user:password
proof "twilio update_tollfree_verification (UseCaseCategories twice)" POST \
  /v1/Tollfree/Verifications/HH00000000000000000000000000000000 application/x-www-form-urlencoded \
  'UseCaseCategories=TWO_FACTOR_AUTHENTICATION&UseCaseCategories=MARKETING' -u user:password

start openai-openapi-seedfix.yaml
# A multipart list part as OpenAPI 3.0's default sends it: the part repeated.
printf 'RIFF' > "$root/target/prism-proof.wav"
proof_multipart() {
  local what=$1 path=$2; shift 2
  local head answer=$root/target/prism-proof.body
  head=$(curl -s -D - -o "$answer" -X POST "http://127.0.0.1:$port$path" \
    -H 'Authorization: Bearer key' -H 'Accept: application/json' "$@")
  proof_verdict "$what" "$head" "$answer"
}
proof_multipart "openai create_transcription (timestamp_granularities[] twice)" /audio/transcriptions \
  -F "file=@$root/target/prism-proof.wav;type=audio/wav" -F model=whisper-1 \
  -F response_format=verbose_json \
  -F 'timestamp_granularities[]=word' -F 'timestamp_granularities[]=segment'

start box-openapi.json
# An array of objects in a `form` query: OpenAPI 3.0 leaves its spelling open; Prism takes
# none: each item as JSON (what the client sends), the array as JSON (what Box documents).
proof "box get_search (mdfilters, one JSON object per item)" GET \
  '/search?mdfilters=%7B%22scope%22%3A%22enterprise%22%2C%22templateKey%22%3A%22contract%22%2C%22filters%22%3A%7B%7D%7D' \
  application/json '' -G -H 'Authorization: Bearer t'
proof "box get_search (mdfilters, the array as JSON)" GET \
  '/search?mdfilters=%5B%7B%22scope%22%3A%22enterprise%22%2C%22templateKey%22%3A%22contract%22%2C%22filters%22%3A%7B%7D%7D%5D' \
  application/json '' -G -H 'Authorization: Bearer t'

# An object part of a multipart body is JSON (OpenAPI's default content type for objects);
# Prism reads every part as text and refuses it as not an object.
printf 'hello' > "$root/target/prism-proof.bin"
proof_multipart "box post_files_content (attributes as a JSON part)" /files/content \
  -F 'attributes={"name":"a.png","parent":{"id":"0"}};type=application/json' \
  -F "file=@$root/target/prism-proof.bin;type=application/octet-stream"
proof_multipart "box post_files_id_content (attributes as a JSON part)" /files/12345/content \
  -F 'attributes={"name":"a.png"};type=application/json' \
  -F "file=@$root/target/prism-proof.bin;type=application/octet-stream"
# A form body whose schema requires `grant_type` without declaring it: Prism keeps only the
# declared properties of a form body, so no request has it.
proof "box post_oauth2_revoke (grant_type sent)" POST /oauth2/revoke \
  application/x-www-form-urlencoded 'client_id=c&client_secret=s&token=t&grant_type=revoke'
# `GET /shared_items#app_items`: the fragment only tells the spec's three operations apart
# and never reaches the wire, so Prism answers every `GET /shared_items` from the first of
# them, a file, never the app item this operation documents.
proof_answer() {
  local what=$1 path=$2 field=$3 wanted=$4; shift 4
  local head answer=$root/target/prism-proof.body got
  head=$(curl -s -D - -o "$answer" "http://127.0.0.1:$port$path" -H 'Accept: application/json' "$@")
  got=$(python3 -c 'import json, sys
try: print(json.load(open(sys.argv[1])).get(sys.argv[2]))
except Exception: print("?")' "$answer" "$field")
  total=$((total + 1))
  if [ "$got" != "$wanted" ]; then
    refused=$((refused + 1))
    echo "wrong    $what: $(echo "$head" | head -1 | tr -d '\r'), $field is $got, not $wanted"
  else
    echo "ANSWERED $what: $field is $wanted"
  fi
}
proof_answer "box get_shared_items_app_items (answered as a file)" /shared_items type app_item \
  -H 'Authorization: Bearer t' -H 'boxapi: shared_link=https://app.box.com/s/abc'

start xero-accounting.yaml
# Two templates of one shape (`/Contacts/{ContactID}` and `/Contacts/{ContactNumber}`, the same
# for journals), which OpenAPI forbids: Prism routes each request to the other operation.
proof "xero get_contact_by_contact_number (CN-001)" GET /Contacts/CN-001 application/json '' -G \
  -H 'Authorization: Bearer t' -H 'xero-tenant-id: tenant'
proof "xero get_journal (a JournalID)" GET /Journals/3fa85f64-5717-4562-b3fc-2c963f66afa6 \
  application/json '' -G -H 'Authorization: Bearer t' -H 'xero-tenant-id: tenant'

start v31/mistral-openapi.yaml
# An array under `anyOf: [array, null]` in a form query: Prism splits repeated keys into an
# array only for a schema typed `array`, so one item (`sources=api`, as OpenAPI spells it) is
# a string to it, neither array nor null; two items pass.
proof "mistral agents_api_v1_agents_list (sources=api)" GET '/v1/agents?sources=api' \
  application/json '' -G -H 'Authorization: Bearer t'
# Paths that differ by a fragment (`/v1/connectors/{connector_id}#id`): the fragment never
# reaches the wire, and Prism matches no request to such a path.
proof "mistral connector_delete_v1 (a connector id)" DELETE \
  /v1/connectors/3fa85f64-5717-4562-b3fc-2c963f66afa6 application/json '' -H 'Authorization: Bearer t'
# `POST /v1/conversations#stream`: Prism routes it to `POST /v1/conversations`, whose body
# must not stream.
proof "mistral agents_api_v1_conversations_start_stream (stream: true)" POST /v1/conversations \
  application/json '{"inputs":"hello","stream":true}' -H 'Authorization: Bearer t'

start v31/svix-lib-openapi.json
# The same for `type: array, nullable: true` in a query (Prism: "must be array,null").
proof "svix v1_application_stats_attempts (event_types=user.signup)" GET \
  '/api/v1/app/app_1/stats/attempts?since=2024-01-01T00:00:00Z&until=2024-01-02T00:00:00Z&event_types=user.signup' application/json '' -G \
  -H 'Authorization: Bearer t'

start v31/openai-openapi.yaml
# The 3.1 OpenAI spec has the two multipart classes above: list parts repeated, and an object
# part as JSON (no `encoding` names another content type).
proof_multipart "openai 3.1 create_transcription (languages twice)" /audio/transcriptions \
  -F "file=@$root/target/prism-proof.wav;type=audio/wav" -F model=whisper-1 \
  -F 'languages=en' -F 'languages=de'
proof_multipart "openai 3.1 create_file (expires_after as a JSON part)" /files \
  -F "file=@$root/target/prism-proof.bin;type=application/octet-stream" -F purpose=batch \
  -F 'expires_after={"anchor":"created_at","seconds":3600};type=application/json'

start swagger2/docker-engine-api.yaml
# `POST /build` consumes `application/octet-stream` and has a header parameter `Content-type`
# with the one value `application/x-tar`. OpenAPI says such a parameter is ignored; Prism
# checks it, then checks the body's media type against `consumes`: no request passes both.
proof "docker image_build (Content-Type as consumes says)" POST /build \
  application/octet-stream 'hello' -H 'Accept: application/json'
proof "docker image_build (Content-Type as the header parameter says)" POST /build \
  application/x-tar 'hello' -H 'Accept: application/json'

# Stripe: Prism reads the copy the conformance run makes of it (components split out, see
# generator::conformance::mock_spec) with the preload that keeps shared schemas shared.
stripe=$root/target/prism-proof-stripe
cargo build --quiet -p generator --bin conformance-caller
"$root/target/debug/conformance-caller" --spec "$corpus/stripe-spec3.json" --out "$stripe" \
  --crate-name stripe --judge ../judge
start_at "$stripe/mock-spec.json" "--require $root/tests/conformance/prism-shared-schemas.js"
# An array of objects in a deepObject form body, as Stripe spells it (`lines[0][type]=...`):
# Prism rebuilds each item as an object, then parses it as JSON text and fails; an array of
# objects in such a body is never accepted.
stripe_proof() {
  proof "stripe $1" POST "$2" application/x-www-form-urlencoded "$3" -u sk_test_key:
}
stripe_proof "post_credit_notes (lines[0])" /v1/credit_notes \
  'invoice=in_1&lines[0][type]=invoice_line_item&lines[0][invoice_line_item]=il_1'
stripe_proof "post_customers (tax_id_data[0])" /v1/customers \
  'tax_id_data[0][type]=eu_vat&tax_id_data[0][value]=DE123456789'
stripe_proof "post_payment_links (line_items[0])" /v1/payment_links \
  'line_items[0][price]=price_1&line_items[0][quantity]=1'
stripe_proof "post_payment_links_payment_link (line_items[0])" /v1/payment_links/plink_1 \
  'line_items[0][id]=li_1'
stripe_proof "post_plans (tiers[0])" /v1/plans \
  'currency=usd&interval=month&tiers_mode=graduated&billing_scheme=tiered&tiers[0][up_to]=inf&tiers[0][unit_amount]=100'
stripe_proof "post_prices (tiers[0])" /v1/prices \
  'currency=usd&tiers_mode=graduated&billing_scheme=tiered&tiers[0][up_to]=inf&tiers[0][unit_amount]=100'
stripe_proof "post_subscription_schedules (phases[0])" /v1/subscription_schedules \
  'customer=cus_1&phases[0][items][0][price]=price_1'
stripe_proof "post_subscription_schedules_schedule (phases[0])" /v1/subscription_schedules/sub_sched_1 \
  'phases[0][items][0][price]=price_1'
# An `anyOf` (a list, or "" to clear it) inside a deepObject body: Prism rebuilds only the
# properties typed `object` or `array`, reads `allowed_updates` as the one pair named so, and
# finds the indexed list missing.
stripe_proof "post_billing_portal_configurations (features[customer_update][allowed_updates][0])" \
  /v1/billing_portal/configurations \
  'business_profile[headline]=h&features[customer_update][allowed_updates][0]=email&features[customer_update][enabled]=true&features[invoice_history][enabled]=true&features[payment_method_update][enabled]=true&features[subscription_cancel][enabled]=true&features[subscription_cancel][cancellation_reason][enabled]=true&features[subscription_cancel][cancellation_reason][options][0]=other&features[subscription_pause][enabled]=false&features[subscription_update][enabled]=true&features[subscription_update][default_allowed_updates][0]=price&features[subscription_update][products][0][product]=prod_1&features[subscription_update][products][0][prices][0]=price_1'
# Not an exclusion, why the caller fills nested objects in form bodies: Prism makes an empty
# object of each nested object property a deepObject body leaves out, then refuses it for
# its required properties (`default_settings.automatic_tax` needs `enabled`).
stripe_proof "post_subscription_schedules (default_settings without automatic_tax)" \
  /v1/subscription_schedules 'customer=cus_1&default_settings[collection_method]=charge_automatically'

# Not an exclusion, what most of Stripe's answers under `-d` are: Prism's data generator
# crashes (a 500 whose title is the TypeError) on a 25-line spec of the same shape.
start_at "$root/tests/conformance/prism-faker-crash.yaml" '' -d
head=$(curl -s -D - -o "$root/target/prism-proof.body" "http://127.0.0.1:$port/things")
total=$((total + 1))
if echo "$head" | head -1 | grep -q ' 500' &&
  grep -q "Cannot read properties of undefined (reading 'items')" "$root/target/prism-proof.body"; then
  refused=$((refused + 1))
  echo "crashed  prism -d on prism-faker-crash.yaml: $(echo "$head" | head -1 | tr -d '\r'), TypeError in json-schema-faker's clean"
else
  echo "ANSWERED prism -d on prism-faker-crash.yaml: $(echo "$head" | head -1 | tr -d '\r')"
fi
stop

echo "$refused of $total valid requests refused by Prism (or, for the last, crashed on)"
[ "$refused" -eq "$total" ]
