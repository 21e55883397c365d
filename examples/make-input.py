#!/usr/bin/env python3
"""Writes examples/bad-rows/*.jsonl: bad rows of several types, invented for the examples (no real data).

Run from the repository root: python3 examples/make-input.py
The Thrift payload of the collector_payload_format_violation row is encoded by the small writer below
(TBinaryProtocol, production field ids of collector-payload-1).
"""
import base64, json, os, struct

BR = "iglu:com.snowplowanalytics.snowplow.badrows/"
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bad-rows")
os.makedirs(out, exist_ok=True)

def raw_event(vendor, version, params, user_id):
    return {"vendor": vendor, "version": version,
            "parameters": [{"name": k, "value": v} for k, v in params],
            "contentType": None, "loaderName": "ssc-2.9.0-kinesis", "encoding": "UTF-8",
            "hostname": "collector.acme.example", "timestamp": "2026-10-03T08:15:30.120Z",
            "ipAddress": "203.0.113.7", "useragent": "Mozilla/5.0 (X11; Linux x86_64)",
            "refererUri": "https://shop.acme.example/", "headers": ["Host: collector.acme.example"], "userId": user_id}

def enriched(event_id):
    return {"app_id": "shop", "platform": "web", "event_id": event_id, "event": "unstruct", "v_tracker": "js-3.20.0"}

def schema_violation(event_id, params, schema_key, user_id):
    return {"schema": BR + "schema_violations/jsonschema/2-0-0", "data": {
        "processor": {"artifact": "snowplow-enrich-kinesis", "version": "5.1.0"},
        "failure": {"timestamp": "2026-10-03T08:15:31.002Z", "messages": [{"schemaKey": schema_key,
                    "error": {"error": "ResolutionError", "lookupHistory": [{"repository": "Iglu Central",
                    "errors": [{"error": "NotFound"}], "attempts": 1, "lastAttempt": "2026-10-03T08:15:31.000Z"}]}}]},
        "payload": {"enriched": enriched(event_id), "raw": raw_event("com.snowplowanalytics.snowplow", "tp2", params, user_id)}}}

def ue(schema, data):
    return json.dumps({"schema": "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0",
                       "data": {"schema": schema, "data": data}}, separators=(",", ":"))

def cx(contexts):
    text = json.dumps({"schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0", "data": contexts}, separators=(",", ":"))
    return base64.b64encode(text.encode()).decode()

def collector_payload(qs, nuid, user_agent="AcmeApp/4.2 (Android 14)"):
    return {"vendor": "com.snowplowanalytics.snowplow", "version": "tp1", "querystring": qs,
            "contentType": None, "body": None, "collector": "ssc-2.9.0-kinesis", "encoding": "UTF-8",
            "hostname": "collector.acme.example", "timestamp": "2026-10-03T09:00:00.000Z", "ipAddress": "198.51.100.23",
            "useragent": user_agent, "refererUri": None, "headers": [], "networkUserId": nuid}

def thrift(fields):
    """fields: list of (id, type, value) in ascending id order; 11 = string, 10 = i64, 15 = list<string>."""
    b = bytearray()
    for fid, t, v in fields:
        b += struct.pack(">bh", t, fid)
        if t == 11:
            e = v.encode(); b += struct.pack(">i", len(e)) + e
        elif t == 10:
            b += struct.pack(">q", v)
        elif t == 15:
            b += struct.pack(">bi", 11, len(v))
            for s in v:
                e = s.encode(); b += struct.pack(">i", len(e)) + e
    return bytes(b + b"\x00")

rows = []
# 1. A schema version fix in ue_pr: the tracker sent button_click 1-0-0, which was never published; 1-0-1 is right.
for i, label in enumerate(["Add to basket", "Checkout"]):
    rows.append(("schema-version.jsonl", schema_violation(
        f"6f1c2a7e-1d40-4a55-9c1b-2f0e5b7c90a{i}",
        [("e", "ue"), ("p", "web"), ("tv", "js-3.20.0"), ("aid", "shop"), ("duid", "5d0a3c1e-8f7b-4e62-a1d9-0c3b2e4f6a71"),
         ("ue_pr", ue("iglu:com.acme/button_click/jsonschema/1-0-0", {"label": label, "position": i + 1}))],
        "iglu:com.acme/button_click/jsonschema/1-0-0", "8b2d4f60-3c1e-4a7b-9d8e-1f2a3b4c5d6e")))
# 2. A context fix in cx: the user context sent "age" as a string; the schema wants a number.
rows.append(("context-fix.jsonl", schema_violation(
    "0c9e8d7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f",
    [("e", "pv"), ("p", "web"), ("tv", "js-3.20.0"), ("aid", "shop"), ("url", "https://shop.acme.example/basket"),
     ("cx", cx([{"schema": "iglu:com.acme/customer/jsonschema/1-0-0", "data": {"id": "c-1042", "age": "37"}},
                {"schema": "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0", "data": {"id": "1b2c3d4e-5f60-4718-9a0b-c1d2e3f4a5b6"}}]))],
    "iglu:com.acme/customer/jsonschema/1-0-0", "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b")))
# 3. A querystring repair on a tracker payload: an old app build sent the app id under the wrong value.
rows.append(("app-id.jsonl", {"schema": BR + "adapter_failures/jsonschema/1-0-0", "data": {
    "processor": {"artifact": "snowplow-enrich-kinesis", "version": "5.1.0"},
    "failure": {"timestamp": "2026-10-03T09:00:01.000Z", "vendor": "com.snowplowanalytics.snowplow", "version": "tp1",
                "messages": [{"field": "aid", "value": "acme-android-legacy", "expectation": "app id must be registered"}]},
    "payload": collector_payload([{"name": "e", "value": "pv"}, {"name": "aid", "value": "acme-android-legacy"},
                                  {"name": "p", "value": "mob"}, {"name": "url", "value": "app://acme/home screen"}],
                                 "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")}}))
# 4. A collector payload Enrich could not read because the querystring holds unencoded characters.
qs = 'e=se&se_ca=video&se_ac=play&se_la={"title":"Spring sale"}&aid=shop'
payload = thrift([(100, 11, "192.0.2.44"), (200, 10, 1791018000000), (210, 11, "UTF-8"), (220, 11, "ssc-2.9.0-kinesis"),
                  (300, 11, "curl/8.5.0"), (320, 11, "/i"), (330, 11, qs), (350, 15, ["Host: collector.acme.example"]),
                  (400, 11, "collector.acme.example"), (31337, 11, "iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0")])
rows.append(("querystring.jsonl", {"schema": BR + "collector_payload_format_violation/jsonschema/1-0-0", "data": {
    "processor": {"artifact": "snowplow-enrich-kinesis", "version": "5.1.0"},
    "failure": {"timestamp": "2026-10-03T09:30:00.000Z", "loader": "thrift",
                "message": {"error": "Illegal character in query at index 43"}},
    "payload": base64.b64encode(payload).decode()}}))
# 5. Not covered by the config: stays failed, with the reason.
rows.append(("schema-version.jsonl", schema_violation(
    "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
    [("e", "ue"), ("p", "web"), ("aid", "shop"), ("ue_pr", ue("iglu:com.acme/newsletter_signup/jsonschema/1-0-0", {"list": "weekly"}))],
    "iglu:com.acme/newsletter_signup/jsonschema/1-0-0", "3f4a5b6c-7d8e-4f9a-0b1c-2d3e4f5a6b7c")))
# 6. Unrecoverable: the event was too large for the collector.
rows.append(("too-large.jsonl", {"schema": BR + "size_violation/jsonschema/1-0-0", "data": {
    "processor": {"artifact": "snowplow-stream-collector", "version": "2.9.0"},
    "failure": {"timestamp": "2026-10-03T10:00:00.000Z", "maximumAllowedSizeBytes": 1000000, "actualSizeBytes": 1423871,
                "expectation": "the event must fit in a Kinesis record"},
    "payload": {"event": "e=pv&aid=shop&url=https%3A%2F%2Fshop.acme.example%2F&cx=truncated..."}}}))
# 7. A row that failed in an earlier run (recovery_error): recovered now, as the adapter_failures row it carries.
rows.append(("earlier-run.jsonl", {"schema": BR + "recovery_error/jsonschema/1-0-0", "data": {
    "processor": {"artifact": "event-recovery", "version": "0.1.0"},
    "failure": {"error": "no configuration for iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0", "configName": None},
    "payload": {"schema": BR + "adapter_failures/jsonschema/1-0-0", "data": {
        "processor": {"artifact": "snowplow-enrich-kinesis", "version": "5.1.0"},
        "failure": {"timestamp": "2026-10-02T17:45:12.000Z", "vendor": "com.snowplowanalytics.snowplow", "version": "tp1",
                    "messages": [{"field": "aid", "value": "acme-android-legacy", "expectation": "app id must be registered"}]},
        "payload": collector_payload([{"name": "e", "value": "se"}, {"name": "se_ca", "value": "onboarding"},
                                      {"name": "se_ac", "value": "skip"}, {"name": "aid", "value": "acme-android-legacy"}],
                                     "c0d1e2f3-a4b5-4c6d-8e7f-9a0b1c2d3e4f")}},
    "recoveries": 1}}))

for name in sorted({n for n, _ in rows}):
    with open(os.path.join(out, name), "w") as f:
        for n, row in rows:
            if n == name:
                f.write(json.dumps(row, separators=(",", ":")) + "\n")
print(f"wrote {len(rows)} rows to {out}")
