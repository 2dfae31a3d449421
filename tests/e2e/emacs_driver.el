;;; emacs_driver.el --- drive Emacs + Eglot + editors/emacs/hybridlint.el in batch mode  -*- lexical-binding: t; -*-

;; What a user does, with the shipped hybridlint.el: open a Python file (python-mode-hook runs
;; `eglot-ensure' and `hybridlint-fix-on-save-mode'), wait for hybridlint's diagnostics in Flymake,
;; pick the HYB006 quick fix from `eglot-code-actions' (its completing-read menu answered as a user
;; would), then `save-buffer', which applies fix-all on save (HYB025).  Writes what it saw as JSON
;; for tests/e2e/test_emacs.py.
;;
;; HYBRIDLINT_E2E_SCENARIO=cross-module instead opens one module of a package and waits for the
;; finding that only the server's background project index can give (HYB006 in a helper traced
;; from another module), with its related information.
;;
;; Environment: HYBRIDLINT_E2E_FILE, HYBRIDLINT_E2E_RESULT, HYBRIDLINT_E2E_TIMEOUT_MS,
;; HYBRIDLINT_E2E_SCENARIO ("fix", the default, or "cross-module").
;; editors/emacs and Eglot must be on `load-path' (-L).

(require 'cl-lib)

(load (expand-file-name "emacs_driver_support" (file-name-directory load-file-name)) nil t)

(defun e2e-code (diag)
  (let ((lsp (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag)))))
    (and lsp (plist-get lsp :code))))

(defun e2e-ours ()
  (cl-remove-if-not #'e2e-code (flymake-diagnostics)))

(defun e2e-find (code)
  (cl-find code (e2e-ours) :key #'e2e-code :test #'equal))

(defun e2e-describe (diags)
  (vconcat (mapcar (lambda (d)
                     `((code . ,(e2e-code d))
                       (line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                       (message . ,(flymake-diagnostic-text d))))
                   diags)))

(defvar e2e-published nil "(VERSION . CODES) for each publishDiagnostics Eglot handled.")

(defun e2e-record-publish (_server method &rest params)
  (when (eq method 'textDocument/publishDiagnostics)
    (let ((version (plist-get params :version))
          (codes (mapcar (lambda (d) (plist-get d :code)) (plist-get params :diagnostics))))
      (when version
        (push (cons version codes) e2e-published)
        (e2e-step (format "published v%s %S" version codes))))))

(defun e2e-run ()
  (advice-add 'eglot-handle-notification :before #'e2e-record-publish)
  (require 'hybridlint)
  ;; Every rule on, whatever its tier (editors/emacs/README.md's preview setting).
  (setq hybridlint-initialization-options '(:preview t))
  (hybridlint-eglot-setup)
  (add-hook 'python-mode-hook #'eglot-ensure)
  (add-hook 'python-mode-hook #'hybridlint-fix-on-save-mode)
  (e2e-put 'eglot_library (locate-library "eglot"))
  (e2e-step "setup")

  (find-file (getenv "HYBRIDLINT_E2E_FILE"))
  (e2e-put 'major_mode (symbol-name major-mode))
  ;; eglot-ensure connects from post-command-hook, which batch mode never runs by itself.
  (run-hooks 'post-command-hook)
  (unless (e2e-wait (lambda () (eglot-current-server)))
    (error "Eglot did not connect to `%s'" (mapconcat #'identity hybridlint-command " ")))
  (e2e-step "connected")

  (unless (e2e-wait (lambda () (and (e2e-find "HYB025") (e2e-find "HYB006"))))
    (e2e-put 'diagnostics (e2e-describe (e2e-ours)))
    (error "No HYB025 and HYB006 diagnostics in Flymake within %s s" e2e-timeout))
  (e2e-put 'diagnostics (e2e-describe (e2e-ours)))
  (e2e-step "diagnostics")

  ;; The user moves to the print call and runs M-x eglot-code-actions, picking the quick fix.
  (goto-char (flymake-diagnostic-beg (e2e-find "HYB006")))
  (let ((offered nil) (chosen nil) (tick (buffer-chars-modified-tick)))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar #'car collection))
                 (setq chosen (cl-find-if (lambda (title)
                                            (and (string-match-p "HYB006" title)
                                                 (not (string-match-p "Disable" title))))
                                          offered)))))
      (let ((last-nonmenu-event ?\r)) ; a keyboard event: Eglot uses completing-read, not a popup
        (call-interactively #'eglot-code-actions)))
    (e2e-put 'offered (vconcat offered))
    (e2e-put 'chosen chosen)
    (unless (/= tick (buffer-chars-modified-tick))
      (error "The HYB006 quick fix (%s) changed nothing" chosen)))
  (e2e-put 'after_quick_fix (buffer-substring-no-properties (point-min) (point-max)))
  (e2e-step "quick fix applied")

  ;; Saved at once: fix-all must see the quick fix's edit (Eglot sends pending changes first).
  (save-buffer)
  (e2e-step "saved")

  ;; The diagnostics the server published for the buffer's final version.
  (let ((version (plist-get (eglot--VersionedTextDocumentIdentifier) :version)))
    (e2e-put 'final_version version)
    (unless (e2e-wait (lambda () (assoc version e2e-published)))
      (error "No diagnostics published for the saved version %s" version))
    (e2e-put 'final_diagnostics (vconcat (cdr (assoc version e2e-published)))))
  (e2e-step "final diagnostics")
  (e2e-finish t))

(defun e2e-related (diag)
  "DIAG's related information, from the LSP diagnostic Eglot keeps in the Flymake diagnostic's data."
  (let ((lsp (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag)))))
    (vconcat
     (mapcar (lambda (info)
               (let* ((location (plist-get info :location))
                      (start (plist-get (plist-get location :range) :start)))
                 `((uri . ,(plist-get location :uri))
                   (line . ,(plist-get start :line))
                   (character . ,(plist-get start :character))
                   (message . ,(plist-get info :message)))))
             (plist-get lsp :relatedInformation)))))

(defun e2e-run-cross-module ()
  (advice-add 'eglot-handle-notification :before #'e2e-record-publish)
  (require 'hybridlint)
  ;; Every rule on, whatever its tier (editors/emacs/README.md's preview setting).
  (setq hybridlint-initialization-options '(:preview t))
  (hybridlint-eglot-setup)
  (add-hook 'python-mode-hook #'eglot-ensure)
  (e2e-step "setup")

  (find-file (getenv "HYBRIDLINT_E2E_FILE"))
  (e2e-put 'major_mode (symbol-name major-mode))
  (run-hooks 'post-command-hook)
  (unless (e2e-wait (lambda () (eglot-current-server)))
    (error "Eglot did not connect to `%s'" (mapconcat #'identity hybridlint-command " ")))
  (e2e-put 'project_root (expand-file-name (project-root (eglot--project (eglot-current-server)))))
  (e2e-step "connected")

  ;; The file on its own has no finding: HYB006 comes once the server has indexed the project.
  (let ((found (e2e-wait (lambda () (e2e-find "HYB006")))))
    (e2e-put 'diagnostics
             (vconcat (mapcar (lambda (d)
                                (save-excursion
                                  (goto-char (flymake-diagnostic-beg d))
                                  `((code . ,(e2e-code d))
                                    (line . ,(1- (line-number-at-pos)))
                                    (col . ,(current-column))
                                    (message . ,(flymake-diagnostic-text d)))))
                              (e2e-ours))))
    (unless found
      (error "No HYB006 diagnostic in Flymake within %s s" e2e-timeout))
    (e2e-step "diagnostics")
    (e2e-put 'related (e2e-related found)))
  (e2e-put 'buffers (vconcat (delq nil (mapcar #'buffer-file-name (buffer-list)))))
  (e2e-finish t))

(condition-case err
    (if (equal (getenv "HYBRIDLINT_E2E_SCENARIO") "cross-module")
        (e2e-run-cross-module)
      (e2e-run))
  (error (e2e-finish nil (error-message-string err))))

;;; emacs_driver.el ends here
