-- wrk -s: every request comes from a client address of its own (X-Forwarded-For), so the
-- app's per-address search limit (60 a minute, counted in the database) never answers 429.
-- bench/run.ts starts the app child trusting one proxy hop (TRUST_PROXY=1), as behind nginx.
-- Each thread has its own Lua state: setup() numbers them so their addresses never meet.

local threads = 0

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

local counter = 0

function request()
  counter = counter + 1
  -- 10.T.x.y with T = thread (low 2 bits) and 6 more bits of the counter: 2^22 addresses a thread.
  local n = counter % 4194304
  local address = string.format("10.%d.%d.%d", (thread_id or 0) % 4 + 4 * math.floor(n / 65536), math.floor(n / 256) % 256, n % 256)
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["X-Forwarded-For"] = address
  return wrk.format(nil, nil, headers)
end
