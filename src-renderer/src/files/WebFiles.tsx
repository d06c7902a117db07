/**
 * Web mode's file dialogs, mounted once (by FileButtons): the Open or Save
 * dialog the Host is waiting on (workspace-files.ts), and at start the offer
 * to restore unsaved work from last time, with the desktop's words and
 * choices (src-main/app/dialogs.ts, askRestore). Also keeps the close
 * warning and the autosave going (useWebDocument).
 */
import type { KeyboardEvent } from 'react';
import { Dialog } from '../ui/Dialog';
import { actionOpen } from './actionOpen';
import { actionSave } from './actionSave';
import { actionSaveAs } from './actionSaveAs';
import { OpenDialog } from './OpenDialog';
import { SaveDialog } from './SaveDialog';
import { useWebDocument, type RecoveryOffer } from './useWebDocument';
import { useFilePrompt } from './workspace-files';

function RecoveryDialog({ offer }: { offer: RecoveryOffer }) {
  const { name, savedAt } = offer.found.recovery;
  return (
    <Dialog title="Restore unsaved work?" onClose={offer.later} className="file-dialog" testId="recovery-dialog">
      <p>
        <strong>Netwright was closed with unsaved changes.</strong>
      </p>
      <p data-testid="recovery-detail">
        Unsaved changes to {name} were kept from {new Date(savedAt).toLocaleString()}. Restore them?
      </p>
      <div className="file-dialog__actions">
        <span className="file-dialog__spacer" />
        <button type="button" className="button" data-testid="recovery-discard" onClick={offer.discard}>
          Discard
        </button>
        <button type="button" className="button button--primary" data-testid="recovery-restore" onClick={offer.restore}>
          Restore
        </button>
      </div>
    </Dialog>
  );
}

/**
 * While a file dialog is open the page's shortcuts wait (Delete must not
 * delete the layer behind it), and Ctrl+S or Ctrl+O do nothing rather than
 * the browser's own Save and Open.
 */
function keepKeys(event: KeyboardEvent): void {
  event.stopPropagation();
  if ([actionSave, actionSaveAs, actionOpen].some((a) => a.keyTest?.(event.nativeEvent))) event.preventDefault();
}

function CurrentDialog() {
  const offer = useWebDocument();
  const prompt = useFilePrompt((s) => s.prompt);
  if (prompt?.kind === 'save') return <SaveDialog key={prompt.id} request={prompt.request} answer={prompt.answer} />;
  if (prompt?.kind === 'open') return <OpenDialog key={prompt.id} kinds={prompt.kinds} answer={prompt.answer} />;
  return offer ? <RecoveryDialog offer={offer} /> : null;
}

export function WebFiles() {
  // The dialogs show in the top layer; in the page they sit here, so their key presses pass through this element.
  return (
    <div className="web-files" onKeyDown={keepKeys}>
      <CurrentDialog />
    </div>
  );
}
