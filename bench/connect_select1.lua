-- Connect-per-request for sysbench: every event opens a connection, runs SELECT 1, checks that the
-- answer is 1, and disconnects. sysbench counts one transaction per event, so its "transactions
-- per sec." is connections per second. Run by bench/connect-per-request; sysbench's own --mysql-*
-- options say where to connect.

local driver

function thread_init()
   driver = sysbench.sql.driver()
end

function event()
   local connection = driver:connect()
   local result = connection:query("SELECT 1")
   local row = result:fetch_row()
   if row == nil or row[1] ~= "1" then
      error("SELECT 1 answered " .. tostring(row and row[1]))
   end
   result:free()
   connection:disconnect()
end
