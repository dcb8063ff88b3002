-- post.lua - the request every gateway in bench/gateway/run.sh gets: the same chat
-- completion body; headers from the environment (WRK_AUTH, WRK_PK_HOST for Portkey).
wrk.method = "POST"
wrk.path = os.getenv("WRK_PATH") or "/v1/chat/completions"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello to the benchmark."}],"max_tokens":16}'
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then
   wrk.headers["Authorization"] = "Bearer " .. auth
end
local pk = os.getenv("WRK_PK_HOST")
if pk and pk ~= "" then
   wrk.headers["x-portkey-provider"] = "openai"
   wrk.headers["x-portkey-custom-host"] = pk
end
