-- Drives a headless Neovim through the hybridize refactoring, with the shipped editors/nvim module:
-- open a module, put the cursor on a function's name, open the code-action menu for refactorings
-- (`vim.lsp.buf.code_action` with `only = { 'refactor' }`, `vim.ui.select` answering as the user would),
-- pick "Convert `<name>` to tf.function" and write the file. Then the same menu on a function whose
-- preconditions fail. Writes what it saw as JSON for tests/e2e/test_nvim_refactor.py.
--
-- Environment: HYBRIDLINT_NVIM_RTP (editors/nvim), HYBRIDLINT_E2E_FILE (the file to open),
-- HYBRIDLINT_E2E_RESULT (the JSON to write), HYBRIDLINT_E2E_TIMEOUT_MS (per wait),
-- HYBRIDLINT_E2E_CONVERT and HYBRIDLINT_E2E_REFUSED (the two function names).

local support = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/nvim_driver_support.lua')
local result = support.start({ offered = {}, refused_offered = {} })
local timeout, step, finish = support.timeout, support.step, support.finish

local function cursor_on_name(bufnr, name)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local at = line:find('def ' .. name .. '(', 1, true)
    if at then
      vim.api.nvim_win_set_cursor(0, { index, at + 3 })
      return true
    end
  end
  return false
end

-- Opens the refactor menu at the cursor; `pick` chooses a title (or nil). Returns the titles offered.
local function refactor_menu(pick)
  local offered, answered = {}, false
  vim.ui.select = function(items, _, on_choice)
    answered = true
    for _, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, action.title)
    end
    for index, item in ipairs(items) do
      local action = item.action or item[2]
      if pick and action.title == pick then
        return on_choice(item, index)
      end
    end
    on_choice(nil, nil)
  end
  local notify = vim.notify
  vim.notify = function(message, ...)
    if tostring(message):find('No code actions', 1, true) then
      answered = true
    end
    return notify(message, ...)
  end
  vim.lsp.buf.code_action({ context = { only = { 'refactor' }, diagnostics = {} } })
  vim.wait(timeout, function() return answered end, 20)
  vim.notify = notify
  return offered, answered
end

local function run()
  vim.opt.runtimepath:prepend(os.getenv('HYBRIDLINT_NVIM_RTP'))
  vim.cmd('filetype on')
  require('hybridlint').setup()
  step('setup')

  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('HYBRIDLINT_E2E_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  local attached = vim.wait(timeout, function()
    for _, c in ipairs(support.clients(bufnr)) do
      if c.name == 'hybridlint' and c.initialized ~= false then
        return true
      end
    end
    return false
  end, 20)
  if not attached then
    return finish(false, 'hybridlint did not attach within ' .. timeout .. ' ms')
  end
  step('attached')

  local convert = os.getenv('HYBRIDLINT_E2E_CONVERT')
  if not cursor_on_name(bufnr, convert) then
    return finish(false, 'no def ' .. convert)
  end
  local title = 'Convert `' .. convert .. '` to tf.function'
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local offered, answered = refactor_menu(title)
  result.offered = offered
  if not answered then
    return finish(false, 'the refactor menu never opened')
  end
  if not vim.wait(timeout, function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end, 20) then
    return finish(false, 'the conversion changed nothing')
  end
  step('converted')
  vim.cmd('write')
  step('written')

  local refused = os.getenv('HYBRIDLINT_E2E_REFUSED')
  if not cursor_on_name(bufnr, refused) then
    return finish(false, 'no def ' .. refused)
  end
  result.refused_offered = refactor_menu(nil)
  step('refused menu')
  finish(true, nil)
end

support.run(run)
