#!/usr/bin/env python3
"""
generate.py - writes the bad-input corpus (tests/bad-input/FORMAT/FAULT.EXT) that
tests/cli/bad-input.t imports. Run it from anywhere; it rewrites every file it owns, so the
corpus is reproducible byte for byte. The files are committed: the test never runs this.

Every file holds three records, one per line (a CSV: a header and three rows); the fault is
in the second record unless its name says otherwise (truncated: the last record is cut;
bom, crlf: the whole file; unknown-model: the second record names a model with no price).
So a refused file must leave the ledger empty, and --skip-invalid must store exactly the
two good records and count one skipped. The 1 GiB line is made at test time, not here.
The same files are copied into fuzz/corpus/ as seeds (fuzz_seeds below).
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def dumps(v):
    return json.dumps(v, separators=(",", ":"))


# ---------------------------------------------------------------- good records, by format
# Each maker takes n (1..3) and returns one record as a JSON-able value. Distinct n give
# distinct dedup ids. MARK is where the fault generators put their poison.

def openai(n, tokens=None, model="gpt-4o-mini"):
    return {"id": "chatcmpl-bad%d" % n, "object": "chat.completion", "created": 1760000000 + n,
            "model": model,
            "usage": {"prompt_tokens": tokens if tokens is not None else 100 * n,
                      "completion_tokens": 10, "total_tokens": 100 * n + 10}}


def anthropic(n, tokens=None, model="claude-sonnet-4-5-20250929"):
    return {"id": "msg_bad%d" % n, "type": "message", "role": "assistant", "model": model,
            "usage": {"input_tokens": tokens if tokens is not None else 100 * n,
                      "output_tokens": 10}}


def gemini(n, tokens=None, model="gemini-2.5-flash"):
    return {"responseId": "gem-bad%d" % n, "modelVersion": model,
            "usageMetadata": {"promptTokenCount": tokens if tokens is not None else 100 * n,
                              "candidatesTokenCount": 10, "totalTokenCount": 100 * n + 10}}


def openai_batch(n, tokens=None, model="gpt-4o-mini"):
    return {"id": "batch_req_bad%d" % n, "custom_id": "r%d" % n,
            "response": {"status_code": 200, "request_id": "req_bad%d" % n,
                         "body": openai(n, tokens, model)}, "error": None}


def anthropic_batch(n, tokens=None, model="claude-sonnet-4-5-20250929"):
    return {"custom_id": "r%d" % n,
            "result": {"type": "succeeded", "message": anthropic(n, tokens, model)}}


def openai_usage(n, tokens=None, model="gpt-4o-mini"):
    return {"object": "page", "has_more": False, "data": [
        {"object": "bucket", "start_time": 1730419200 + 86400 * n,
         "end_time": 1730505600 + 86400 * n,
         "results": [{"object": "organization.usage.completions.result",
                      "input_tokens": tokens if tokens is not None else 100 * n,
                      "input_cached_tokens": 0, "output_tokens": 10, "num_model_requests": 1,
                      "project_id": "proj_bad", "model": model}]}]}


def openai_costs(n, tokens=None, model="gpt-4o-mini"):
    # a cost page has no tokens: the poisoned number is the amount
    return {"object": "page", "has_more": False, "data": [
        {"object": "bucket", "start_time": 1730419200 + 86400 * n,
         "end_time": 1730505600 + 86400 * n,
         "results": [{"object": "organization.costs.result",
                      "amount": {"value": tokens if tokens is not None else 0.25 * n,
                                 "currency": "usd"},
                      "line_item": "%s, input" % model, "project_id": "proj_bad"}]}]}


def day(n):
    return "2026-08-%02dT00:00:00Z" % (10 + n)


def anthropic_usage(n, tokens=None, model="claude-haiku-4-5"):
    return {"has_more": False, "data": [
        {"starting_at": day(n), "ending_at": day(n + 1),
         "results": [{"model": model, "service_tier": "standard",
                      "uncached_input_tokens": tokens if tokens is not None else 100 * n,
                      "cache_read_input_tokens": 0, "output_tokens": 10}]}]}


def anthropic_costs(n, tokens=None, model="claude-haiku-4-5"):
    return {"has_more": False, "data": [
        {"starting_at": day(n), "ending_at": day(n + 1),
         "results": [{"currency": "USD",
                      "amount": str(tokens) if tokens is not None else "%d.5" % n,
                      "description": "Input Tokens", "cost_type": "tokens", "model": model,
                      "token_type": "uncached_input_tokens"}]}]}


def otel(n, tokens=None, model="gpt-4o-mini"):
    def a(k, v):
        return {"key": k, "value": v}
    return {"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [
        {"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b716920333%d" % n,
         "name": "chat", "startTimeUnixNano": "17567000%02d000000000" % n,
         "attributes": [a("gen_ai.provider.name", {"stringValue": "openai"}),
                        a("gen_ai.request.model", {"stringValue": model}),
                        a("gen_ai.usage.input_tokens",
                          {"intValue": tokens if tokens is not None else str(100 * n)}),
                        a("gen_ai.usage.output_tokens", {"intValue": "10"})]}]}]}]}


def claude_code(n, tokens=None, model="claude-sonnet-4-5-20250929"):
    ts = "2026-07-01T10:00:0%d.000Z" % n
    return {"parentUuid": None, "isSidechain": False, "cwd": "/home/u/bad", "sessionId": "s-bad",
            "type": "assistant", "uuid": "u-bad%d" % n, "timestamp": ts,
            "requestId": "req_bad%d" % n,
            "message": {"model": model, "id": "msg_bad%d" % n, "type": "message",
                        "role": "assistant",
                        "usage": {"input_tokens": tokens if tokens is not None else 100 * n,
                                  "output_tokens": 10}}}


JSON_FORMATS = {
    "openai": openai, "anthropic": anthropic, "gemini": gemini,
    "openai-batch": openai_batch, "anthropic-batch": anthropic_batch,
    "openai-usage": openai_usage, "openai-costs": openai_costs,
    "anthropic-usage": anthropic_usage, "anthropic-costs": anthropic_costs,
    "otel": otel, "claude-code": claude_code,
}

POISON = 987654321  # a unique count, replaced by the fault's bytes


def lines_with(fmt, fault_bytes, model=None):
    make = JSON_FORMATS[fmt]
    out = []
    for n in (1, 2, 3):
        if n == 2 and model is not None:
            rec = dumps(make(n, None, model)).encode()
        elif n == 2 and fault_bytes is not None:
            rec = dumps(make(n, POISON)).encode()
            if b'"987654321"' in rec and fault_bytes in (b"true", b"NaN"):
                rec = rec.replace(b'"987654321"', fault_bytes)  # a string count: bare value
            else:
                rec = rec.replace(b"987654321", fault_bytes)
        else:
            rec = dumps(make(n)).encode()
        out.append(rec)
    return out


def write(fmt, name, data):
    d = os.path.join(HERE, fmt)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def poison_model(fmt, line, bad):
    """Put bytes bad inside the model name of a record line."""
    model = JSON_FORMATS[fmt].__defaults__[-1].encode()
    assert model in line, (fmt, line)
    return line.replace(model, model[:3] + bad + model[3:], 1)


COST_FORMATS = ("openai-costs", "anthropic-costs")


def json_corpus(fmt):
    good = lines_with(fmt, None)
    write(fmt, "truncated.jsonl", b"\n".join(good[:2]) + b"\n" + good[2][: len(good[2]) // 2])
    # invalid UTF-8: a lone continuation byte and an overlong NUL inside a string
    write(fmt, "invalid-utf8.jsonl",
          b"\n".join([good[0], poison_model(fmt, good[1], b"\x80\xc0\x80"), good[2]]) + b"\n")
    write(fmt, "bom.jsonl", b"\xef\xbb\xbf" + b"\n".join(good) + b"\n")
    write(fmt, "crlf.jsonl", b"\r\n".join(good) + b"\r\n")
    write(fmt, "nul.jsonl", b"\n".join([good[0], poison_model(fmt, good[1], b"\x00"), good[2]])
          + b"\n")
    faults = [("number-too-large", b"123456789012345678901234567890"),
              ("nan", b"NaN"),
              ("wrong-type", b"true")]
    if fmt in COST_FORMATS:
        faults += [("negative-amount", b"-5")]  # a credit: accepted
    else:
        faults += [("count-over-1e13", b"100000000000000"),
                   ("negative-count", b"-5"),
                   ("fractional-count", b"10.5")]
    for name, bad in faults:
        write(fmt, name + ".jsonl", b"\n".join(lines_with(fmt, bad)) + b"\n")
    write(fmt, "unknown-model.jsonl", b"\n".join(lines_with(fmt, None, "acme-unknown-9")) + b"\n")
    # the same key twice: json-c keeps the last, another reader the first
    dup = lines_with(fmt, None)
    rec = dumps(JSON_FORMATS[fmt](2, POISON)).encode()
    q = b'"' if b'"987654321"' in rec else b""
    head = rec.split(q + b"987654321")[0]          # ..."key":
    key = head[head.rindex(b'"', 0, len(head) - 2):]  # "key":
    dup[1] = rec.replace(q + b"987654321", q + b"5" + q + b"," + key + q + b"1", 1)
    write(fmt, "duplicate-key.jsonl", b"\n".join(dup) + b"\n")


def missing_and_time():
    # missing fields: the record without the one field its format cannot do without
    def drop(fmt, path):
        good = lines_with(fmt, None)
        rec = json.loads(good[1])
        o = rec
        for k in path[:-1]:
            o = o[k]
        del o[path[-1]]
        good[1] = dumps(rec).encode()
        write(fmt, "missing-field.jsonl", b"\n".join(good) + b"\n")

    drop("openai", ["model"])
    drop("anthropic", ["model"])
    drop("gemini", ["modelVersion"])
    drop("openai-batch", ["response", "body", "model"])
    drop("anthropic-batch", ["result", "message", "model"])
    drop("openai-usage", ["data", 0, "start_time"])
    drop("openai-costs", ["data", 0, "results", 0, "amount"])
    drop("anthropic-usage", ["data", 0, "starting_at"])
    drop("anthropic-costs", ["data", 0, "results", 0, "amount"])
    drop("otel", ["resourceSpans", 0, "scopeSpans", 0, "spans", 0, "startTimeUnixNano"])
    drop("claude-code", ["timestamp"])

    # a time without a zone where the format writes text times
    for fmt in ("anthropic-usage", "anthropic-costs", "claude-code"):
        good = lines_with(fmt, None)
        good[1] = good[1].replace(b"Z\"", b"\"", 1)
        write(fmt, "time-without-zone.jsonl", b"\n".join(good) + b"\n")


# ---------------------------------------------------------------- Codex rollout logs

def codex_lines(poison=None, model="gpt-5-codex", no_zone=False, drop_info=False):
    meta = {"timestamp": "2026-07-03T18:00:00.000Z", "type": "session_meta",
            "payload": {"id": "cx-bad", "timestamp": "2026-07-03T18:00:00.000Z",
                        "cwd": "/home/u/bad"}}
    ctx = {"timestamp": "2026-07-03T18:00:01.000Z", "type": "turn_context",
           "payload": {"cwd": "/home/u/bad", "model": model}}
    out = [dumps(meta).encode(), dumps(ctx).encode()]
    total = 0
    for n in (1, 2, 3):
        inp = 100 * n
        total += inp
        last = {"input_tokens": inp, "cached_input_tokens": 0, "output_tokens": 10,
                "reasoning_output_tokens": 0, "total_tokens": inp + 10}
        tot = {"input_tokens": total, "cached_input_tokens": 0, "output_tokens": 10 * n,
               "reasoning_output_tokens": 0, "total_tokens": total + 10 * n}
        ev = {"timestamp": "2026-07-03T18:00:0%d.000Z" % (2 + n), "type": "event_msg",
              "payload": {"type": "token_count",
                          "info": {"total_token_usage": tot, "last_token_usage": last}}}
        if n == 2 and drop_info:
            del ev["payload"]["info"]["last_token_usage"]
            del ev["payload"]["info"]["total_token_usage"]
        line = dumps(ev).encode()
        if n == 2 and poison is not None:
            line = line.replace(b'"input_tokens":200', b'"input_tokens":' + poison, 1)
            line = line.replace(b'"input_tokens":300', b'"input_tokens":' + poison, 1)
        if n == 2 and no_zone:
            line = line.replace(b".000Z", b".000", 1)
        out.append(line)
    return out


def codex_corpus():
    fmt = "codex"
    good = codex_lines()
    write(fmt, "truncated.jsonl", b"\n".join(good[:4]) + b"\n" + good[4][: len(good[4]) // 2])
    write(fmt, "invalid-utf8.jsonl",
          b"\n".join(good[:3] + [good[3].replace(b"token_count", b"token\x80count", 1)] + good[4:])
          + b"\n")
    write(fmt, "bom.jsonl", b"\xef\xbb\xbf" + b"\n".join(good) + b"\n")
    write(fmt, "crlf.jsonl", b"\r\n".join(good) + b"\r\n")
    write(fmt, "nul.jsonl", b"\n".join(good[:3] + [good[3].replace(b"event_msg", b"event\x00msg", 1)]
                                       + good[4:]) + b"\n")
    for name, bad in (("number-too-large", b"123456789012345678901234567890"),
                      ("count-over-1e13", b"100000000000000"),
                      ("negative-count", b"-5"),
                      ("fractional-count", b"10.5"),
                      ("nan", b"NaN"),
                      ("wrong-type", b"true")):
        write(fmt, name + ".jsonl", b"\n".join(codex_lines(bad)) + b"\n")
    write(fmt, "unknown-model.jsonl", b"\n".join(codex_lines(model="acme-unknown-9")) + b"\n")
    write(fmt, "missing-field.jsonl", b"\n".join(codex_lines(drop_info=True)) + b"\n")
    write(fmt, "time-without-zone.jsonl", b"\n".join(codex_lines(no_zone=True)) + b"\n")


# ---------------------------------------------------------------- CSV

CSV_HEAD = b"time,provider,model,input_tokens,output_tokens"


def csv_rows(cell=None, model=None, time=None):
    rows = []
    for n in (1, 2, 3):
        t = "2026-08-0%dT10:00:00Z" % n
        m = "gpt-4o-mini"
        i = str(100 * n).encode()
        if n == 2:
            if cell is not None:
                i = cell
            if model is not None:
                m = model
            if time is not None:
                t = time
        rows.append(t.encode() + b",openai," + m.encode() + b"," + i + b",10")
    return rows


def csv_corpus():
    fmt = "csv"
    rows = csv_rows()
    write(fmt, "truncated.csv", b"\n".join([CSV_HEAD] + rows[:2]) + b"\n"
          + b'2026-08-03T10:00:00Z,openai,"gpt-4o-mi')
    write(fmt, "invalid-utf8.csv", b"\n".join([CSV_HEAD, rows[0],
                                              rows[1].replace(b"gpt-4o-mini", b"gpt-4o\xff", 1),
                                              rows[2]]) + b"\n")
    write(fmt, "bom.csv", b"\xef\xbb\xbf" + b"\n".join([CSV_HEAD] + rows) + b"\n")
    write(fmt, "crlf.csv", b"\r\n".join([CSV_HEAD] + rows) + b"\r\n")
    write(fmt, "nul.csv", b"\n".join([CSV_HEAD, rows[0], rows[1].replace(b"openai", b"open\x00ai"),
                                      rows[2]]) + b"\n")
    for name, bad in (("number-too-large", b"123456789012345678901234567890"),
                      ("count-over-1e13", b"100000000000000"),
                      ("negative-count", b"-5"),
                      ("fractional-count", b"10.5"),
                      ("nan", b"NaN"),
                      ("wrong-type", b"many")):
        write(fmt, name + ".csv", b"\n".join([CSV_HEAD] + csv_rows(bad)) + b"\n")
    write(fmt, "unknown-model.csv", b"\n".join([CSV_HEAD] + csv_rows(model="acme-unknown-9")) + b"\n")
    write(fmt, "missing-field.csv", b"\n".join([CSV_HEAD, rows[0], b"2026-08-02T10:00:00Z,openai",
                                                rows[2]]) + b"\n")
    write(fmt, "time-without-zone.csv",
          b"\n".join([CSV_HEAD] + csv_rows(time="2026-08-02T10:00:00")) + b"\n")


# ---------------------------------------------------------------- llmcost cost: one response

def cost_corpus():
    fmt = "cost"
    body = dumps(openai(1)).encode()
    write(fmt, "good.json", body + b"\n")
    write(fmt, "truncated.json", body[: len(body) // 2])
    write(fmt, "invalid-utf8.json", body.replace(b"bad1", b"bad\xc3\x28", 1))
    write(fmt, "bom.json", b"\xef\xbb\xbf" + body + b"\n")
    write(fmt, "crlf.json", json.dumps(openai(1), indent=1).replace("\n", "\r\n").encode() + b"\r\n")
    sse = [b'data: ' + dumps({"id": "chatcmpl-s1", "object": "chat.completion.chunk",
                              "created": 1760000000, "model": "gpt-4o-mini",
                              "choices": [{"index": 0, "delta": {"content": "hi"}}]}).encode(),
           b'data: ' + dumps({"id": "chatcmpl-s1", "object": "chat.completion.chunk",
                              "created": 1760000000, "model": "gpt-4o-mini", "choices": [],
                              "usage": {"prompt_tokens": 100, "completion_tokens": 10,
                                        "total_tokens": 110}}).encode(),
           b"data: [DONE]"]
    write(fmt, "crlf-stream.sse", b"\r\n\r\n".join(sse) + b"\r\n\r\n")
    write(fmt, "nul.json", body.replace(b"bad1", b"bad\x001", 1))
    for name, bad in (("number-too-large", b"123456789012345678901234567890"),
                      ("count-over-1e13", b"100000000000000"),
                      ("negative-count", b"-5"),
                      ("fractional-count", b"10.5"),
                      ("nan", b"NaN"),
                      ("wrong-type", b"\"100\"")):
        write(fmt, name + ".json", dumps(openai(1, POISON)).encode().replace(b"987654321", bad))
    rec = openai(1)
    del rec["usage"]
    write(fmt, "missing-usage.json", dumps(rec).encode())
    write(fmt, "unknown-model.json", dumps(openai(1, None, "acme-unknown-9")).encode())


# ---------------------------------------------------------------- fuzz seeds

FMT_INDEX = {"openai": 1, "anthropic": 2, "gemini": 3, "openai-batch": 4,
             "anthropic-batch": 5, "openai-usage": 6, "openai-costs": 7,
             "anthropic-usage": 8, "anthropic-costs": 9, "otel": 10, "csv": 11}


def fuzz_seeds():
    """Copy the corpus into the fuzz corpora (replayed under ASan by make test): the
    usage_file target takes a first byte = format | 0x10 (skip_invalid, the path that goes
    on after an error); the agent-log line targets take the log as it is."""
    root = os.path.dirname(os.path.dirname(HERE))
    for fmt in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, fmt)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            data = open(os.path.join(d, name), "rb").read()
            fault = name.rsplit(".", 1)[0]
            if fmt in FMT_INDEX:
                out = os.path.join(root, "fuzz/corpus/usage_file",
                                   "bad-input-%s-%s" % (fmt, fault))
                data = bytes([FMT_INDEX[fmt] | 0x10]) + data
            elif fmt in ("claude-code", "codex"):
                out = os.path.join(root, "fuzz/corpus",
                                   "claude_line" if fmt == "claude-code" else "codex_line",
                                   "bad-input-%s.jsonl" % fault)
            else:
                continue
            with open(out, "wb") as f:
                f.write(data)


if __name__ == "__main__":
    for f in JSON_FORMATS:
        json_corpus(f)
    missing_and_time()
    codex_corpus()
    csv_corpus()
    cost_corpus()
    fuzz_seeds()
