;;; hybridlint-lsp.el --- hybridlint language server for lsp-mode  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (lsp-mode "8.0"))
;; Keywords: languages, tools, python

;;; Commentary:

;; hybridlint as an lsp-mode add-on server for Python buffers: it runs beside pyright, pylsp or ruff
;; (lsp-mode starts add-on servers next to the main one), which Eglot cannot do.
;;
;;   (add-to-list 'load-path "/path/to/hybridlint/editors/emacs")
;;   (with-eval-after-load 'lsp-mode (require 'hybridlint-lsp))
;;   (add-hook 'python-mode-hook #'lsp-deferred)
;;
;; Quick fixes: `M-x lsp-execute-code-action'; fix-all: `M-x hybridlint-lsp-fix-all'.

;;; Code:

(require 'lsp-mode)

(defgroup hybridlint-lsp nil
  "The hybridlint language server under lsp-mode."
  :group 'tools
  :prefix "hybridlint-lsp-")

(defcustom hybridlint-lsp-command '("hybridlint" "server")
  "Command line that starts the language server.
After `make demo' in a hybridlint checkout, for example,
\\='(\"/path/to/hybridlint/.venv/bin/hybridlint\" \"server\")."
  :type '(repeat string))

(defcustom hybridlint-lsp-initialization-options nil
  "Server settings, sent as initializationOptions: a plist such as
\\='(:select [\"HYB0\"] :unsafeFixes t).  nil: the project's pyproject.toml decides."
  :type '(plist))

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection (lambda () hybridlint-lsp-command))
  :activation-fn (lsp-activate-on "python")
  :add-on? t
  :server-id 'hybridlint
  :initialization-options (lambda () (or hybridlint-lsp-initialization-options (make-hash-table)))))

;;;###autoload
(defun hybridlint-lsp-fix-all ()
  "Apply every safe hybridlint fix in the buffer (`source.fixAll.hybridlint')."
  (interactive)
  (lsp-execute-code-action-by-kind "source.fixAll.hybridlint"))

(provide 'hybridlint-lsp)
;;; hybridlint-lsp.el ends here
