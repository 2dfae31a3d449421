" Drives Vim + ALE (Debian's vim and vim-ale) through what a user does with editors/vim on the
" runtimepath: open a file, wait for hybridlint's findings in ALE's loclist, ask for code actions on the
" HYB006 finding (the request :ALECodeAction makes) and apply its fix, then the same for "Apply all safe
" fixes", :write, and wait for the findings to clear. Writes what it saw as JSON for test_vim_ale.py.
"
" Environment: HYBRIDLINT_VIM_RTP (editors/vim), HYBRIDLINT_E2E_FILE, HYBRIDLINT_E2E_RESULT,
" HYBRIDLINT_E2E_TIMEOUT_MS.

let s:result = {'steps': [], 'diagnostics': [], 'offered': [], 'final_diagnostics': []}
let s:timeout = str2nr($HYBRIDLINT_E2E_TIMEOUT_MS ? $HYBRIDLINT_E2E_TIMEOUT_MS : '15000')
let s:started = reltime()

function! s:Step(name) abort
  call add(s:result.steps, {'name': a:name, 'ms': float2nr(reltimefloat(reltime(s:started)) * 1000)})
endfunction

function! s:Finish(ok, message) abort
  let s:result.ok = a:ok ? v:true : v:false
  let s:result.error = a:message
  call writefile([json_encode(s:result)], $HYBRIDLINT_E2E_RESULT)
  if a:ok
    qall!
  endif
  cquit!
endfunction

function! s:Wait(Cond) abort
  let l:deadline = reltimefloat(reltime()) + s:timeout / 1000.0
  while !a:Cond()
    if reltimefloat(reltime()) > l:deadline
      return 0
    endif
    sleep 20m
  endwhile
  return 1
endfunction

function! s:Ours() abort
  return filter(copy(ale#engine#GetLoclist(bufnr(''))), {_, e -> get(e, 'linter_name', '') is# 'hybridlint'})
endfunction

function! s:Describe(items) abort
  return map(copy(a:items), {_, e -> {'code': get(e, 'code', ''), 'lnum': e.lnum, 'col': e.col, 'message': e.text}})
endfunction

" ALE's code-action request, with the menu callback its own menus use (:ALECodeAction asks with input(),
" which a headless Vim cannot answer): the wanted action is applied as ALE applies a picked one.
let s:want = ''
function! s:Menu(data, items) abort
  let s:result.offered += map(copy(a:items), {_, i -> i[1].title})
  for l:item in a:items
    if stridx(l:item[1].title, s:want) >= 0
      call ale#codefix#ApplyLSPCodeAction(a:data, l:item[1])
      return
    endif
  endfor
endfunction

function! s:CodeAction(want, line, col) abort
  let s:want = a:want
  let l:before = join(getline(1, '$'), "\n")
  call cursor(a:line, a:col)
  call ale#codefix#Execute(0, function('s:Menu'))
  if !s:Wait({-> join(getline(1, '$'), "\n") isnot# l:before})
    call s:Finish(0, 'the buffer did not change after picking "' . a:want . '" (offered: '
      \ . string(s:result.offered) . ')')
  endif
endfunction

function! s:Run() abort
  execute 'edit ' . fnameescape($HYBRIDLINT_E2E_FILE)
  let s:result.filetype = &filetype
  call s:Step('opened')
  if !s:Wait({-> len(filter(s:Ours(), {_, e -> get(e, 'code', '') is# 'HYB006'})) > 0})
    call s:Finish(0, 'no HYB006 in ALE''s loclist within ' . s:timeout . ' ms: ' . string(ale#engine#GetLoclist(bufnr(''))))
  endif
  call s:Step('diagnostics')
  let s:result.diagnostics = s:Describe(s:Ours())
  let l:printed = filter(s:Ours(), {_, e -> get(e, 'code', '') is# 'HYB006'})[0]
  call s:CodeAction('(HYB006)', l:printed.lnum, l:printed.col)
  let s:result.after_quick_fix = join(getline(1, '$'), "\n") . "\n"
  call s:Step('quick-fix')
  write
  " The server sees the new text (ALE sends it on save), then the fix-all action is asked for anywhere.
  if !s:Wait({-> len(filter(s:Ours(), {_, e -> get(e, 'code', '') is# 'HYB006'})) == 0})
    call s:Finish(0, 'HYB006 still listed after its quick fix')
  endif
  let l:left = s:Ours()
  call s:CodeAction('Apply all safe fixes', l:left[0].lnum, l:left[0].col)
  write
  call s:Step('fix-all')
  if !s:Wait({-> empty(s:Ours())})
    call s:Finish(0, 'findings left after fix all: ' . string(s:Describe(s:Ours())))
  endif
  let s:result.final_diagnostics = s:Describe(s:Ours())
  call s:Finish(1, v:null)
endfunction

try
  set nocompatible
  filetype plugin on
  syntax off
  packadd ale
  let &runtimepath .= ',' . $HYBRIDLINT_VIM_RTP
  let g:ale_linters = {'python': ['hybridlint']}
  call s:Run()
catch
  call s:Finish(0, v:exception . ' at ' . v:throwpoint)
endtry
