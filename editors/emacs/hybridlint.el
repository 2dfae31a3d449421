;;; hybridlint.el --- hybridlint language server for Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools, python

;;; Commentary:

;; Diagnostics, quick fixes and fix-all for tf.function ("hybridization") hazards in TensorFlow code,
;; from `hybridlint server', through Eglot (built in since Emacs 29; the `elpa-eglot' package on
;; Debian's Emacs 28).
;;
;;   (add-to-list 'load-path "/path/to/hybridlint/editors/emacs")
;;   (require 'hybridlint)
;;   (hybridlint-eglot-setup)                      ; Python buffers use hybridlint under Eglot
;;   (add-hook 'python-mode-hook #'eglot-ensure)
;;   (add-hook 'python-mode-hook #'hybridlint-fix-on-save-mode)   ; optional
;;
;; Eglot runs one server per buffer: with this set-up hybridlint replaces pylsp/pyright in Python
;; buffers.  To keep both, use lsp-mode (see README.md) or a multiplexer.

;;; Code:

(require 'cl-lib)
(require 'eglot)

(defgroup hybridlint nil
  "The hybridlint language server for TensorFlow code."
  :group 'tools
  :prefix "hybridlint-")

(defcustom hybridlint-command '("hybridlint" "server")
  "Command line that starts the language server.
For a project virtual environment use, for example,
\\='(\"/path/to/.venv/bin/python\" \"-m\" \"hybridlint.server\")."
  :type '(repeat string))

(defcustom hybridlint-initialization-options nil
  "Server settings, sent as initializationOptions.
A plist such as
  \\='(:select [\"HYB0\"] :severity (:HYB006 \"hint\") :unsafeFixes t).
Use vectors for lists and `:json-false' for false.  nil sends {}: the
project's pyproject.toml decides.  `(:crossModule :json-false)' checks
each file on its own instead of indexing the project."
  :type '(plist))

(defcustom hybridlint-major-modes '(python-mode python-ts-mode)
  "Major modes whose buffers Eglot connects to hybridlint."
  :type '(repeat symbol))

(defcustom hybridlint-fix-timeout 5
  "Seconds to wait for the server's fix-all edit before saving without it."
  :type 'number)

(defconst hybridlint-fix-all-kind "source.fixAll.hybridlint"
  "The code-action kind of hybridlint's fix-all.")

(defun hybridlint-eglot-contact ()
  "The entry's contact for `eglot-server-programs'."
  (append hybridlint-command
          (when hybridlint-initialization-options
            (list :initializationOptions hybridlint-initialization-options))))

;;;###autoload
(defun hybridlint-eglot-setup ()
  "Make Eglot use hybridlint in `hybridlint-major-modes'.
The entry goes first in `eglot-server-programs'."
  (setq eglot-server-programs
        (cons (cons hybridlint-major-modes (lambda (&optional _interactive) (hybridlint-eglot-contact)))
              (cl-remove-if (lambda (entry) (equal (car entry) hybridlint-major-modes))
                            eglot-server-programs))))

;;;###autoload
(defun hybridlint-fix-all ()
  "Apply every safe hybridlint fix in the buffer.
This is the `source.fixAll.hybridlint' code action.  Return non-nil
when there was an action to apply."
  (interactive)
  (let* ((server (eglot--current-server-or-lose))
         (actions (eglot-code-actions (point-min) (point-max) hybridlint-fix-all-kind)))
    (cond ((null actions)
           (when (called-interactively-p 'interactive)
             (message "hybridlint: nothing to fix"))
           nil)
          ((fboundp 'eglot-execute)     ; Eglot >= 1.15: also resolves a lazy action
           (eglot-execute server (car actions))
           t)
          (t                            ; one action of the kind: applied without a prompt
           (eglot--read-execute-code-action actions server hybridlint-fix-all-kind)
           t))))

(defun hybridlint--fix-before-save ()
  "Apply safe fixes before saving when Eglot manages the buffer.
A failure or a timeout is reported and the buffer is saved as it is."
  (when (and (bound-and-true-p eglot--managed-mode) (eglot-current-server))
    (condition-case err
        (with-timeout (hybridlint-fix-timeout (message "hybridlint: fix all timed out"))
          (hybridlint-fix-all))
      (error (message "hybridlint: fix all failed: %s" (error-message-string err))))))

;;;###autoload
(define-minor-mode hybridlint-fix-on-save-mode
  "Apply hybridlint's safe fixes each time the buffer is saved."
  :lighter nil
  (if hybridlint-fix-on-save-mode
      (add-hook 'before-save-hook #'hybridlint--fix-before-save nil t)
    (remove-hook 'before-save-hook #'hybridlint--fix-before-save t)))

(provide 'hybridlint)
;;; hybridlint.el ends here
