-- Neovim 0.11+: with editors/nvim on the runtimepath, `vim.lsp.enable('hybridlint')` uses this file;
-- override fields with `vim.lsp.config('hybridlint', {...})`.
return require('hybridlint').lsp_config()
