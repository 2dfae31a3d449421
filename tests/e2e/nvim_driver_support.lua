-- What the Neovim drivers of tests/e2e share: the JSON result with its timed steps, the per-wait
-- timeout, the clients attached to a buffer, and ending the session (an error in a scenario ends it
-- as a failure, with the traceback). Loaded with dofile from the driver's own folder.
--
-- Environment: HYBRIDLINT_E2E_RESULT (the JSON to write), HYBRIDLINT_E2E_TIMEOUT_MS (per wait).

local M = { timeout = tonumber(os.getenv('HYBRIDLINT_E2E_TIMEOUT_MS') or '10000') }
local started_at = vim.loop.hrtime()

-- The result the driver fills in: `fields`, plus `steps`.
function M.start(fields)
  M.result = vim.tbl_extend('force', { steps = {} }, fields)
  return M.result
end

function M.step(name)
  table.insert(M.result.steps, { name = name, ms = math.floor((vim.loop.hrtime() - started_at) / 1e6) })
end

function M.finish(ok, message)
  M.result.ok = ok
  M.result.error = message
  vim.fn.writefile({ vim.fn.json_encode(M.result) }, os.getenv('HYBRIDLINT_E2E_RESULT'))
  if ok then
    vim.cmd('qall!')
  else
    vim.cmd('cquit!')
  end
end

function M.run(scenario)
  local ok, err = xpcall(scenario, debug.traceback)
  if not ok then
    M.finish(false, err)
  end
end

function M.clients(bufnr)
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = bufnr })
end

return M
