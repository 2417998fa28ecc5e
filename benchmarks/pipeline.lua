-- Sends a batch of N requests at once on each connection (HTTP/1.1 pipelining), as the
-- TechEmpower plaintext test does. Usage: wrk ... -s pipeline.lua URL -- 16
local depth

init = function(args)
   depth = tonumber(args[1]) or 16
   local batch = {}
   for i = 1, depth do
      batch[i] = wrk.format()
   end
   req = table.concat(batch)
end

request = function()
   return req
end
