-- hybridlint for Neovim: diagnostics, quick fixes and fix-all from `hybridlint server`.
--
--   require('hybridlint').setup({ fix_on_save = true })
--
-- Neovim 0.11+ gets a `vim.lsp.config` entry and `vim.lsp.enable`; 0.8-0.10 use `vim.lsp.start` and
-- 0.7 `vim.lsp.start_client` + `vim.lsp.buf_attach_client`, both from a FileType autocommand.

local M = {}

M.fix_all_kind = 'source.fixAll.hybridlint'

M.defaults = {
  name = 'hybridlint',
  cmd = { 'hybridlint', 'server' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.cfg', '.git' },
  -- Server settings (select, ignore, severity, unsafeFixes, fixAll, liveLineLimit, crossModule), sent
  -- as initializationOptions and as the `hybridlint` section of the workspace configuration.
  -- crossModule (default true) indexes the root folder so findings can come from other modules;
  -- false checks each file on its own.
  settings = {},
  fix_on_save = false, -- apply `source.fixAll.hybridlint` (safe fixes only) before each write
  fix_timeout_ms = 3000,
  on_attach = nil, -- function(client, bufnr), called after hybridlint's own set-up
  capabilities = nil,
}

local uv = vim.uv or vim.loop
local has_011 = vim.fn.has('nvim-0.11') == 1

-- Client methods are called with `:` from 0.11 on (the `.` form is deprecated there).
local function client_call(client, method, ...)
  if has_011 then
    return client[method](client, ...)
  end
  return client[method](...)
end

-- Lua's empty table would be sent as a JSON array; the server expects an object.
local function object(value)
  if type(value) ~= 'table' or next(value) == nil then
    return vim.empty_dict()
  end
  return value
end

--- The options in effect: `opts` over the defaults (top-level keys replace, lists are not merged).
function M.options(opts)
  return vim.tbl_extend('force', {}, M.defaults, opts or {})
end

--- The first folder from `path`'s folder upwards that holds one of `markers`, or nil.
function M.find_root(path, markers)
  if not path or path == '' then
    return nil
  end
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
  return nil
end

local function clients_for(bufnr, name)
  local found = {}
  if vim.lsp.get_clients then
    found = vim.lsp.get_clients({ bufnr = bufnr, name = name })
  else
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if client.name == name then
        table.insert(found, client)
      end
    end
  end
  return found
end

local function notify(message, level)
  vim.notify('hybridlint: ' .. message, level or vim.log.levels.WARN)
end

--- Apply every safe fix in the buffer (the server's `source.fixAll.hybridlint` code action).
--- Returns true when an edit was applied.
function M.fix_all(bufnr, opts)
  opts = opts or {}
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = opts.name or M.defaults.name
  local timeout = opts.timeout_ms or M.defaults.fix_timeout_ms
  local client = clients_for(bufnr, name)[1]
  if not client then
    if not opts.quiet then
      notify('no hybridlint server is attached to this buffer')
    end
    return false
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
    },
    context = { only = { M.fix_all_kind }, diagnostics = {} },
  }
  local response, err = client_call(client, 'request_sync', 'textDocument/codeAction', params, timeout, bufnr)
  if not response or response.err then
    notify('fix all failed: ' .. tostring(err or (response and response.err and response.err.message)))
    return false
  end
  for _, action in ipairs(response.result or {}) do
    if action.kind == M.fix_all_kind then
      if not action.edit then
        -- Clients that advertise codeAction/resolve get the edit lazily.
        local resolved = client_call(client, 'request_sync', 'codeAction/resolve', action, timeout, bufnr)
        action = resolved and resolved.result or action
      end
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
        return true
      end
    end
  end
  return false
end

local function on_attach_for(options)
  return function(client, bufnr)
    vim.api.nvim_buf_create_user_command(bufnr, 'HybridlintFixAll', function()
      M.fix_all(bufnr, { name = options.name, timeout_ms = options.fix_timeout_ms })
    end, { desc = 'hybridlint: apply all safe fixes' })
    if options.fix_on_save then
      local group = vim.api.nvim_create_augroup('hybridlint_fix_on_save_' .. bufnr, { clear = true })
      vim.api.nvim_create_autocmd('BufWritePre', {
        group = group,
        buffer = bufnr,
        desc = 'hybridlint: apply all safe fixes before writing',
        callback = function()
          M.fix_all(bufnr, { name = options.name, timeout_ms = options.fix_timeout_ms, quiet = true })
        end,
      })
    end
    if options.on_attach then
      options.on_attach(client, bufnr)
    end
  end
end

--- The configuration table, in the shape of `vim.lsp.config` (0.11+) and nvim-lspconfig.
function M.lsp_config(opts)
  local options = M.options(opts)
  local settings = object(options.settings)
  local config = {
    cmd = options.cmd,
    filetypes = options.filetypes,
    root_markers = options.root_markers,
    init_options = settings,
    settings = { hybridlint = settings },
    capabilities = options.capabilities,
    on_attach = on_attach_for(options),
  }
  if has_011 then
    -- root_markers alone give no root outside a project (no client for the buffer's folder), so the
    -- index would see nothing: fall back to the file's folder, as 0.7-0.10 do.
    config.root_markers = nil
    config.root_dir = function(bufnr, on_dir)
      local path = vim.api.nvim_buf_get_name(bufnr)
      on_dir(M.find_root(path, options.root_markers)
        or (path ~= '' and vim.fn.fnamemodify(path, ':p:h'))
        or vim.fn.getcwd())
    end
  end
  return config
end

local started = {} -- Neovim 0.7: root folder -> client id

--- Start (or reuse) the server for one buffer; used on Neovim < 0.11.
function M.start(bufnr, opts)
  local options = M.options(opts)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = M.find_root(path, options.root_markers)
    or (path ~= '' and vim.fn.fnamemodify(path, ':p:h'))
    or vim.fn.getcwd()
  local base = M.lsp_config(options)
  local config = {
    name = options.name,
    cmd = base.cmd,
    root_dir = root,
    init_options = base.init_options,
    settings = base.settings,
    capabilities = base.capabilities,
    on_attach = base.on_attach,
  }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local client_id = started[root]
  local client = client_id and vim.lsp.get_client_by_id(client_id)
  if not client or client.is_stopped() then
    client_id = vim.lsp.start_client(config)
    if not client_id then
      notify('could not start `' .. table.concat(options.cmd, ' ') .. '`', vim.log.levels.ERROR)
      return nil
    end
    started[root] = client_id
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  return client_id
end

--- Register hybridlint for Python buffers.
function M.setup(opts)
  local options = M.options(opts)
  if vim.fn.executable(options.cmd[1]) ~= 1 then
    notify('`' .. options.cmd[1] .. '` is not executable. Install hybridlint from its checkout '
      .. '(`pipx install /path/to/hybridlint`; it is not on PyPI yet), or pass '
      .. '`cmd = { "/path/to/hybridlint/.venv/bin/hybridlint", "server" }`', vim.log.levels.ERROR)
  end
  if has_011 and vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(options.name, M.lsp_config(options))
    vim.lsp.enable(options.name)
    return
  end
  local group = vim.api.nvim_create_augroup('hybridlint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    desc = 'hybridlint: start the language server',
    callback = function(args)
      M.start(args.buf, options)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype) then
      M.start(bufnr, options)
    end
  end
end

return M
