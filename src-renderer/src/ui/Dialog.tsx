/**
 * A modal dialog on the native <dialog> element: it traps focus, closes on
 * Escape and dims the page behind it, without a library.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ title, onClose, children, className, testId }: { title: string; onClose(): void; children: ReactNode; className?: string; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-label={title}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <header className="dialog__head">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" data-testid="dialog-close" onClick={onClose}>
          ×
        </button>
      </header>
      {/* Focus starts on the content, not on the close button. */}
      <div className="dialog__body" tabIndex={-1} autoFocus>
        {children}
      </div>
    </dialog>
  );
}
