-- ~2,000 requests/s over 64 connections: each connection waits 32 ms between requests.
function delay() return 32 end
