/**
 * A top-bar button that opens a small menu below it. A pick, Escape or a
 * click anywhere else closes it; Escape gives focus back to the button, so
 * keyboard users stay where they were.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { runAction, shortcutText } from '../actions/run';
import type { Action } from '../actions/types';

interface MenuProps {
  /** The button's accessible name and tooltip (the button itself may show only an icon). */
  readonly label: string;
  readonly testId: string;
  readonly trigger: ReactNode;
  /** 'end' lines the menu up with the button's right edge, for buttons near the window's right side. */
  readonly align?: 'start' | 'end';
  readonly className?: string;
  readonly children: (close: () => void) => ReactNode;
}

export function Menu({ label, testId, trigger, align = 'start', className, children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    window.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  return (
    <div className={className ? `menu ${className}` : 'menu'} ref={root}>
      <button ref={button} type="button" className="tool" aria-haspopup="menu" aria-expanded={open} aria-label={label} title={label} data-testid={testId} onClick={() => setOpen((o) => !o)}>
        {trigger}
      </button>
      {open && (
        <div className={`menu__popover${align === 'end' ? ' menu__popover--end' : ''}`} role="menu" aria-label={label}>
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

/** A menu entry that runs an action and shows its shortcut, as the top bar's tooltips do. */
export function MenuAction({ action, close, label = action.label, testId, icon }: { action: Action; close: () => void; label?: string; testId: string; icon?: ReactNode }) {
  const keys = shortcutText(action);
  return (
    <button
      type="button"
      role="menuitem"
      className="menu__item menu__item--action"
      data-testid={testId}
      onClick={() => {
        close();
        runAction(action);
      }}
    >
      {icon}
      {label}
      {keys && <kbd className="menu__keys">{keys}</kbd>}
    </button>
  );
}
