-- Run by neovim.test.ts in `nvim --headless --clean`: Neovim's own LSP client (0.7 API:
-- vim.lsp.start_client + buf_attach_client, which later versions keep) opens the fixture with
-- `linktrace lsp --stdio`, waits for the diagnostics, asks for code actions on the url-whitespace
-- finding, applies the quick fix, and waits for the re-lint. Everything seen is written as JSON to
-- LINKTRACE_NVIM_OUT, which the test reads; the script always quits, with the error if one happened.
local out = os.getenv('LINKTRACE_NVIM_OUT')
local report = { steps = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(report) }, out)
  vim.cmd('qall!')
end

local function simplify(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    table.insert(list, { code = d.code, severity = d.severity, lnum = d.lnum, col = d.col, source = d.source })
  end
  table.sort(list, function(a, b) return a.lnum < b.lnum end)
  return list
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('LINKTRACE_NVIM_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  report.filetype = vim.bo[bufnr].filetype
  local client_id = vim.lsp.start_client({
    name = 'linktrace',
    cmd = { os.getenv('LINKTRACE_NVIM_NODE'), os.getenv('LINKTRACE_NVIM_BIN'), 'lsp', '--stdio' },
    root_dir = os.getenv('LINKTRACE_NVIM_ROOT'),
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  vim.lsp.buf_attach_client(bufnr, client_id)

  report.steps.diagnostics = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) >= 3 end, 20)
  report.diagnostics = simplify(vim.diagnostic.get(bufnr))

  local client = vim.lsp.get_client_by_id(client_id)
  report.sync = client.server_capabilities.textDocumentSync.change
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'url-whitespace' then target = d end
  end
  assert(target, 'no url-whitespace diagnostic')
  -- 0.7 keeps the LSP fields (code, data) in user_data.lsp but not the range: rebuilt from the
  -- diagnostic's own 0-based positions.
  local range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } }
  local lsp_diagnostic = vim.tbl_extend('force', target.user_data.lsp, { range = range, message = target.message, severity = target.severity, source = target.source })
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
  }, 10000, bufnr)
  assert(response and not response.err, 'codeAction failed: ' .. vim.inspect(response))
  report.actions = {}
  for _, action in ipairs(response.result or {}) do table.insert(report.actions, action.title) end

  -- Apply the preferred fix as the user would: the buffer changes, Neovim sends an incremental
  -- didChange, and the server publishes the new version's diagnostics.
  local fix = response.result[1]
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  report.line_after_fix = vim.api.nvim_buf_get_lines(bufnr, 3, 4, false)[1]
  report.steps.relinted = vim.wait(15000, function()
    local d = vim.diagnostic.get(bufnr)
    return #d == 2
  end, 20)
  report.diagnostics_after_fix = simplify(vim.diagnostic.get(bufnr))
end)

if not ok then report.error = tostring(err) end
finish()
