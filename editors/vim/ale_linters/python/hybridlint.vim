" hybridlint for Vim with ALE (3.x): the language server as a Python linter, with its quick fixes in
" :ALECodeAction. ALE loads this file from the runtimepath (ale_linters/python/); enable it with
"   let g:ale_linters = {'python': ['hybridlint']}    (or add 'hybridlint' to your list)
" See editors/vim/README.md.

call ale#Set('python_hybridlint_executable', 'hybridlint')

call ale#linter#Define('python', {
\   'name': 'hybridlint',
\   'lsp': 'stdio',
\   'executable': {buffer -> ale#Var(buffer, 'python_hybridlint_executable')},
\   'command': '%e server',
\   'project_root': function('ale#python#FindProjectRoot'),
\})
