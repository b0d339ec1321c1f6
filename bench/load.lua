-- wrk script of the benchmark: cycles through the paths of a file and, when asked, makes
-- every request a distinct URL (an extra "_b" parameter the portal ignores), so that no
-- whole-page cache can answer it. Prints one JSON line at the end (p95 included, which
-- wrk's own --latency output lacks).
--
--   wrk -t2 -c8 -d10s --latency -s bench/load.lua http://127.0.0.1:PORT -- PATHS MODE RUN
--
-- PATHS: a file with one path per line; MODE: "unique" or "fixed"; RUN: a nonce.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if line ~= "" then
         table.insert(paths, line)
      end
   end
   unique = args[2] == "unique"
   run = args[3] or "0"
   counter = 0
end

function request()
   counter = counter + 1
   -- Threads start at different places of the list.
   local path = paths[(counter + id * 7919) % #paths + 1]
   if unique then
      local sep = "?"
      if string.find(path, "?", 1, true) then
         sep = "&"
      end
      path = path .. sep .. "_b=" .. run .. "-" .. id .. "-" .. counter
   end
   return wrk.format("GET", path)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "status_errors": %d, ' ..
      '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
      '"max_us": %d}\n',
      summary.requests, summary.duration, summary.bytes, e.status,
      e.connect + e.read + e.write, e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
