-- wrk's script for benchmarks/bench_http.py. Counts the answers whose status is not the
-- one expected (the script's one argument) and, when the run ends, prints one line that
-- the benchmark reads: RESULT <requests> <seconds> <median latency in ms> <wrong statuses>.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[1])
  wrong = 0
end

function response(status, headers, body)
  if status ~= expected then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local wrong_in_all = 0
  for _, thread in ipairs(threads) do
    wrong_in_all = wrong_in_all + thread:get("wrong")
  end
  io.write(string.format("RESULT %d %.6f %.3f %d\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, wrong_in_all))
end
