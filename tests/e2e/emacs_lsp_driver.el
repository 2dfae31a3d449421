;;; emacs_lsp_driver.el --- drive Emacs + lsp-mode + editors/emacs/hybridlint-lsp.el in batch mode  -*- lexical-binding: t; -*-

;; The documented lsp-mode set-up: `hybridlint-lsp' loaded after lsp-mode and `lsp-deferred' in
;; python-mode-hook.  Opens a Python file, waits for hybridlint's diagnostics, picks the HYB006 quick
;; fix from `lsp-execute-code-action' (its completing-read answered as a user would), runs
;; `hybridlint-lsp-fix-all', saves, and waits for the diagnostics to clear.  Writes what it saw as
;; JSON for tests/e2e/test_emacs.py.  The project folder is added as an lsp-mode workspace folder first,
;; which is what a user's answer to lsp-mode's "import project root?" question does.
;;
;; Environment: HYBRIDLINT_E2E_FILE, HYBRIDLINT_E2E_RESULT, HYBRIDLINT_E2E_TIMEOUT_MS, HYBRIDLINT_E2E_ROOT.

(require 'cl-lib)

(load (expand-file-name "emacs_driver_support" (file-name-directory load-file-name)) nil t)

(defun e2e-run-idle-timers ()
  "What Emacs does when it goes idle: batch mode never does, so `lsp-deferred' would never fire."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun e2e-ours ()
  (cl-remove-if-not (lambda (d) (equal (lsp:diagnostic-source? d) "hybridlint"))
                    (lsp--get-buffer-diagnostics)))

(defun e2e-find (code)
  (cl-find code (e2e-ours) :key #'lsp:diagnostic-code? :test #'equal))

(defun e2e-describe (diags)
  (vconcat (mapcar (lambda (d)
                     `((code . ,(lsp:diagnostic-code? d))
                       (line . ,(lsp:position-line (lsp:range-start (lsp:diagnostic-range d))))
                       (message . ,(lsp:diagnostic-message d))))
                   diags)))

(defun e2e-run ()
  (setq lsp-session-file (expand-file-name "lsp-session" (getenv "HOME"))
        lsp-enable-file-watchers nil
        lsp-headerline-breadcrumb-enable nil
        lsp-modeline-code-actions-enable nil
        lsp-modeline-diagnostics-enable nil
        lsp-enable-snippet nil
        lsp-restart 'ignore)
  ;; The README's set-up, with every rule on whatever its tier (the documented setting).
  (setq hybridlint-lsp-initialization-options '(:preview t))
  (with-eval-after-load 'lsp-mode (require 'hybridlint-lsp))
  (add-hook 'python-mode-hook #'lsp-deferred)
  (require 'lsp-mode)
  (lsp-workspace-folders-add (getenv "HYBRIDLINT_E2E_ROOT"))
  (e2e-step "setup")

  (find-file (getenv "HYBRIDLINT_E2E_FILE"))
  (e2e-put 'major_mode (symbol-name major-mode))
  (e2e-run-idle-timers)
  (unless (e2e-wait (lambda () (lsp-find-workspace 'hybridlint (buffer-file-name))))
    (error "lsp-mode did not start hybridlint (workspaces: %S)" (lsp-workspaces)))
  (e2e-step "connected")

  (unless (e2e-wait (lambda () (and (e2e-find "HYB025") (e2e-find "HYB006"))))
    (e2e-put 'diagnostics (e2e-describe (e2e-ours)))
    (error "No HYB025 and HYB006 diagnostics within %s s" e2e-timeout))
  (e2e-put 'diagnostics (e2e-describe (e2e-ours)))
  (e2e-step "diagnostics")

  ;; The user moves to the print call and runs M-x lsp-execute-code-action, picking the quick fix.
  (let* ((diag (e2e-find "HYB006"))
         (start (lsp:range-start (lsp:diagnostic-range diag))))
    (goto-char (point-min))
    (forward-line (lsp:position-line start))
    (forward-char (lsp:position-character start)))
  (let ((offered nil) (chosen nil) (tick (buffer-chars-modified-tick)))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar (lambda (c) (if (consp c) (car c) c))
                                       (if (functionp collection) (funcall collection "" nil t) collection)))
                 (setq chosen (cl-find-if (lambda (title)
                                            (and (string-match-p "HYB006" title)
                                                 (not (string-match-p "Disable" title))))
                                          offered)))))
      (call-interactively #'lsp-execute-code-action))
    (e2e-put 'offered (vconcat offered))
    (e2e-put 'chosen chosen)
    (unless (e2e-wait (lambda () (/= tick (buffer-chars-modified-tick))))
      (error "The HYB006 quick fix (%s) changed nothing (offered %S)" chosen offered)))
  (e2e-put 'after_quick_fix (buffer-substring-no-properties (point-min) (point-max)))
  (e2e-step "quick fix applied")

  (let ((tick (buffer-chars-modified-tick)))
    (hybridlint-lsp-fix-all)
    (unless (e2e-wait (lambda () (/= tick (buffer-chars-modified-tick))))
      (error "hybridlint-lsp-fix-all changed nothing")))
  (save-buffer)
  (e2e-step "fixed all and saved")
  (unless (e2e-wait (lambda () (null (e2e-ours))))
    (error "Findings left after fix all: %S" (e2e-describe (e2e-ours))))
  (e2e-put 'final_diagnostics [])
  (e2e-finish t))

(condition-case err
    (e2e-run)
  (error (e2e-finish nil (error-message-string err))))

;;; emacs_lsp_driver.el ends here
