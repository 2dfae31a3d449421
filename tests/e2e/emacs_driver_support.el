;;; emacs_driver_support.el --- what the Emacs drivers of tests/e2e share  -*- lexical-binding: t; -*-

;; The JSON result with its timed steps, the per-wait timeout, waiting while Emacs processes server
;; output and timers, and ending the session.  Loaded by each driver from its own folder.
;;
;; Environment: HYBRIDLINT_E2E_RESULT (the JSON to write), HYBRIDLINT_E2E_TIMEOUT_MS (per wait).

(require 'json)

(defvar e2e-result nil "Alist written as the JSON result.")
(defvar e2e-start (float-time))
(defvar e2e-steps nil)
(defvar e2e-timeout (/ (string-to-number (or (getenv "HYBRIDLINT_E2E_TIMEOUT_MS") "10000")) 1000.0))

(defun e2e-put (key value)
  (setf (alist-get key e2e-result) value))

(defun e2e-step (name)
  (push `((name . ,name) (ms . ,(round (* 1000 (- (float-time) e2e-start))))) e2e-steps))

(defun e2e-finish (ok &optional message)
  (e2e-put 'ok (if ok t :json-false))
  (e2e-put 'error message)
  (e2e-put 'steps (vconcat (reverse e2e-steps)))
  (with-temp-file (getenv "HYBRIDLINT_E2E_RESULT")
    (let ((json-encoding-pretty-print nil))
      (insert (json-encode e2e-result))))
  (kill-emacs (if ok 0 1)))

(defun e2e-wait (predicate)
  "Let Emacs process server output and timers until PREDICATE holds; nil on timeout."
  (let ((deadline (+ (float-time) e2e-timeout)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    value))

(provide 'emacs_driver_support)

;;; emacs_driver_support.el ends here
