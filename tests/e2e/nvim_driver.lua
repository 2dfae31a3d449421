-- Drives a headless Neovim through what a user does, with the shipped editors/nvim module:
-- open a file, wait for hybridlint's diagnostics, pick the HYB006 quick fix from the code-action menu
-- (`vim.lsp.buf.code_action`, with `vim.ui.select` answering as the user would), then `:write`, which
-- applies fix-all on save (HYB025). Writes what it saw as JSON for tests/e2e/test_editors.py.
--
-- HYBRIDLINT_E2E_SCENARIO=cross-module instead opens one module of a package and waits for the
-- finding that only the server's background project index can give (HYB006 in a helper traced from
-- another module), with its related information.
--
-- Environment: HYBRIDLINT_NVIM_RTP (editors/nvim), HYBRIDLINT_E2E_FILE (the file to open),
-- HYBRIDLINT_E2E_RESULT (the JSON to write), HYBRIDLINT_E2E_TIMEOUT_MS (per wait),
-- HYBRIDLINT_E2E_SCENARIO (`fix`, the default, or `cross-module`).

local support = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/nvim_driver_support.lua')
local result = support.start({ diagnostics = {}, offered = {}, final_diagnostics = {} })
local timeout, step, finish = support.timeout, support.step, support.finish

local function ours(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'hybridlint' then
      table.insert(found, d)
    end
  end
  return found
end

local function codes(diagnostics)
  local set = {}
  for _, d in ipairs(diagnostics) do
    set[tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))] = d
  end
  return set
end

local function describe(diagnostics)
  local out = {}
  for _, d in ipairs(diagnostics) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out, { code = code, lnum = d.lnum, col = d.col, message = d.message })
  end
  return out
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

-- The diagnostics the client received, by document version: pushed (publishDiagnostics, Neovim
-- 0.7-0.9) or pulled (textDocument/diagnostic, which the server prefers from Neovim 0.10 on).
local published = {}
local function record(version, diagnostics, how)
  local seen = {}
  for _, d in ipairs(diagnostics or {}) do
    table.insert(seen, { code = d.code, line = d.range.start.line, message = d.message })
  end
  published[version] = seen
  step(how .. ' v' .. version .. ' (' .. #seen .. ')')
end

local function record_diagnostics()
  local push = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
    if params and params.version then
      record(params.version, params.diagnostics, 'published')
    end
    return push(err, params, ctx, config)
  end
  local pull = vim.lsp.handlers['textDocument/diagnostic']
  if pull then
    vim.lsp.handlers['textDocument/diagnostic'] = function(err, result, ctx, config)
      if result and result.kind == 'full' and ctx and ctx.version then
        record(ctx.version, result.items, 'pulled')
      end
      return pull(err, result, ctx, config)
    end
  end
end

local function document_version(bufnr)
  return vim.lsp.util.buf_versions[bufnr] or vim.api.nvim_buf_get_changedtick(bufnr)
end

local function run()
  record_diagnostics()
  vim.opt.runtimepath:prepend(os.getenv('HYBRIDLINT_NVIM_RTP'))
  vim.cmd('filetype on')
  -- preview: every rule on, so the test does not depend on which rules are stable (editors/nvim/README.md)
  require('hybridlint').setup({ fix_on_save = true, settings = { preview = true } })
  step('setup')

  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('HYBRIDLINT_E2E_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  local got = vim.wait(timeout, function()
    local set = codes(ours(bufnr))
    return set.HYB025 ~= nil and set.HYB006 ~= nil
  end, 20)
  result.diagnostics = describe(ours(bufnr))
  if not got then
    local clients = {}
    for _, c in pairs(support.clients(bufnr)) do
      table.insert(clients, c.name)
    end
    return finish(false, 'no HYB025 and HYB006 diagnostics within ' .. timeout .. ' ms; attached clients: '
      .. table.concat(clients, ', '))
  end
  step('diagnostics')

  -- The user puts the cursor on the print call and opens the code-action menu.
  local print_diagnostic = codes(ours(bufnr)).HYB006
  vim.api.nvim_win_set_cursor(0, { print_diagnostic.lnum + 1, print_diagnostic.col })
  local chosen
  vim.ui.select = function(items, _, on_choice)
    for _, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(result.offered, action.title)
    end
    for index, item in ipairs(items) do
      local action = item.action or item[2]
      if action.title:find('HYB006', 1, true) and not action.title:find('Disable', 1, true) then
        chosen = action.title
        return on_choice(item, index)
      end
    end
    on_choice(nil, nil)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  if not vim.wait(timeout, function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end, 20) then
    return finish(false, 'the HYB006 quick fix changed nothing (chosen: ' .. tostring(chosen) .. ')')
  end
  result.chosen = chosen
  result.after_quick_fix = buffer_text(bufnr)
  step('quick fix applied')

  -- Saved at once, as a user would: fix-all must see the quick fix's edit (Neovim sends pending
  -- changes before a request).
  vim.cmd('write')
  step('written')

  -- The diagnostics the server published for the buffer's final version.
  local final_version = document_version(bufnr)
  result.final_version = final_version
  local final = vim.wait(timeout, function()
    return published[final_version] ~= nil
  end, 20)
  if not final then
    return finish(false, 'no diagnostics published for the written version ' .. tostring(final_version))
  end
  result.final_diagnostics = published[final_version]
  step('final diagnostics')
  finish(true, nil)
end

-- The related information as the client keeps it: `user_data.lsp` holds the LSP diagnostic's fields
-- (0.7: a copy of some, relatedInformation among them; 0.10+: the whole diagnostic).
local function related_of(d)
  local lsp = d.user_data and d.user_data.lsp or {}
  local out = {}
  for _, info in ipairs(lsp.relatedInformation or {}) do
    local start = info.location.range.start
    table.insert(out, { uri = info.location.uri, line = start.line, character = start.character, message = info.message })
  end
  return out
end

local function run_cross_module()
  record_diagnostics()
  vim.opt.runtimepath:prepend(os.getenv('HYBRIDLINT_NVIM_RTP'))
  vim.cmd('filetype on')
  require('hybridlint').setup({ settings = { preview = true } })  -- every rule on, whatever its tier
  step('setup')

  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('HYBRIDLINT_E2E_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  -- The file on its own has no finding: HYB006 comes once the server has indexed the project.
  local got = vim.wait(timeout, function() return codes(ours(bufnr)).HYB006 ~= nil end, 20)
  for _, d in ipairs(describe(ours(bufnr))) do
    table.insert(result.diagnostics, { code = d.code, line = d.lnum, col = d.col, message = d.message })
  end
  if not got then
    return finish(false, 'no HYB006 diagnostic within ' .. timeout .. ' ms')
  end
  step('diagnostics')
  result.related = related_of(codes(ours(bufnr)).HYB006)
  -- The folder the client gave the server as its root (what the project index covers).
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr, name = 'hybridlint' })
    or vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  local client = clients[1]
  result.root = client and (client.root_dir or client.config.root_dir) or vim.NIL
  result.buffers = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) then
      table.insert(result.buffers, vim.api.nvim_buf_get_name(b))
    end
  end
  finish(true, nil)
end

local scenarios = { fix = run, ['cross-module'] = run_cross_module }
local scenario = scenarios[os.getenv('HYBRIDLINT_E2E_SCENARIO') or 'fix']
support.run(scenario or function() error('unknown HYBRIDLINT_E2E_SCENARIO') end)
