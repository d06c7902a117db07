/**
 * Keys for a text box that holds a draft while the person types (the typed
 * text, valid or not, until they leave the box): Enter leaves it, keeping
 * what was committed; Escape drops the draft and leaves it.
 */
import type { KeyboardEvent } from 'react';

export function draftKeys(setDraft: (draft: null) => void) {
  return {
    onBlur: () => setDraft(null),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Enter') e.currentTarget.blur();
      if (e.key === 'Escape') {
        setDraft(null);
        e.currentTarget.blur();
      }
    },
  };
}
